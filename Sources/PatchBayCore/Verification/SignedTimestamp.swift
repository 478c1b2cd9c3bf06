import Foundation

/// The time a sender signs with its signature: where the request carries it,
/// how it is written, and how far from now it may lie.
public struct SignedTimestamp: Sendable, Hashable {
    /// Where the timestamp is written.
    public enum Location: Sendable, Hashable {
        /// The whole value of a header of its own (`X-CIO-Timestamp`).
        case header(String)
        /// The entry of the signature header's list that starts with this
        /// prefix, which is removed (`ts=` in Paddle's `ts=…;h1=…`).
        case entry(prefix: String)
        /// The entry at this position of the signature header's list, 0
        /// being the first (Recurly's `<ms>,<sig>`).
        case position(Int)
    }

    public var location: Location
    public var unit: TimestampUnit
    public var tolerance: TimestampTolerance

    public init(_ location: Location, unit: TimestampUnit = .seconds, tolerance: TimestampTolerance = .standard) {
        self.location = location
        self.unit = unit
        self.tolerance = tolerance
    }

    /// Whether the timestamp is one of the signature header's entries.
    var isEntry: Bool {
        if case .header = location { false } else { true }
    }

    /// The position among `entries` (the signature header's list) of the
    /// timestamp's entry; fails when there is none, or more than one.
    func entryIndex(in entries: [Substring], signatureHeader: String) throws(VerificationFailure) -> Int {
        switch location {
        case .header:
            preconditionFailure("a timestamp header is not an entry")
        case .position(let position):
            guard entries.indices.contains(position) else {
                throw .malformedHeader(signatureHeader, reason: "no entry at position \(position) for the timestamp")
            }
            return position
        case .entry(let prefix):
            let matching = entries.indices.filter { entries[$0].hasPrefix(prefix) }
            guard let first = matching.first else {
                throw .malformedHeader(signatureHeader, reason: "no \(prefix) timestamp entry")
            }
            guard matching.count == 1 else { throw .malformedHeader(signatureHeader, reason: "more than one \(prefix) entry") }
            return first
        }
    }

    /// The timestamp's text within `entry` (its prefix removed).
    func text(ofEntry entry: Substring) -> Substring {
        if case .entry(let prefix) = location { entry.dropFirst(prefix.count) } else { entry }
    }

    /// Fails when `text` is not a time in ``unit`` (the failure names
    /// `header`) or lies outside the tolerance around `now`.
    func check(_ text: Substring, header: String, now: Date) throws(VerificationFailure) {
        guard let seconds = unit.unixSeconds(text, now: now) else {
            let what = isEntry ? "the timestamp entry is not " : "not "
            throw .malformedHeader(header, reason: what + unit.expectation)
        }
        try tolerance.check(unixSeconds: seconds, now: now)
    }
}
