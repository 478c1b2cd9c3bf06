import Foundation

/// How far a signed timestamp may lie from the current time, in either
/// direction: older is a stale (possibly replayed) delivery, newer a forged
/// or badly skewed one.
public struct TimestampTolerance: Sendable, Hashable {
    /// The allowed distance, in whole seconds (positive).
    public var seconds: Int

    /// Five minutes, what most providers recommend.
    public static let standard = TimestampTolerance(seconds: 300)

    /// The seconds a tolerance may be set to, in a mapping or by `serve
    /// --timestamp-tolerance`: up to a day, past which replay protection
    /// means little.
    public static let allowedSeconds = 1...86400

    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// Fails when `timestamp` (Unix seconds, possibly fractional) is more
    /// than the tolerance away from `now`.
    func check(unixSeconds timestamp: Double, now: Date) throws(VerificationFailure) {
        let offset = now.timeIntervalSince1970 - timestamp
        if offset > Double(seconds) { throw .staleTimestamp }
        if -offset > Double(seconds) { throw .futureTimestamp }
    }
}

/// How a provider writes the time it signs.
public enum TimestampUnit: String, Sendable, Hashable, CaseIterable {
    /// Unix time in whole seconds.
    case seconds
    /// Unix time in whole milliseconds.
    case milliseconds
    /// An RFC 3339 date-time with seconds and a zone, e.g.
    /// `2021-03-25T05:09:27Z` (Zendesk).
    case iso8601
    /// An HTTP date (RFC 9110), e.g. `Tue, 14 Apr 2026 03:50:12 GMT` (Klaviyo).
    case httpDate = "http-date"

    /// The Unix time in seconds that `text` denotes, `nil` when it is not
    /// written in this unit. Unix times are ASCII digits only (no sign, no
    /// fraction, at most 15 digits). An HTTP date is read only with `now`,
    /// which settles the century of its obsolete two-digit year form.
    func unixSeconds(_ text: some StringProtocol, now: Date? = nil) -> Double? {
        if self == .httpDate {
            guard let now else { return nil }
            return HTTPDate.parse(String(text), now: now)?.timeIntervalSince1970
        }
        if self == .iso8601 {
            guard let instant = ISO8601Reader.read(String(text), strict: true) else { return nil }
            return Double(instant.seconds) + Double(instant.nanoseconds) / 1_000_000_000
        }
        guard !text.isEmpty, text.utf8.count <= 15,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int64(text)
        else { return nil }
        return self == .seconds ? Double(value) : Double(value) / 1000
    }

    /// What a timestamp in this unit looks like, for failure messages.
    var expectation: String {
        switch self {
        case .seconds, .milliseconds: "a Unix time in \(rawValue)"
        case .iso8601: "an RFC 3339 date-time"
        case .httpDate: "an HTTP date"
        }
    }
}
