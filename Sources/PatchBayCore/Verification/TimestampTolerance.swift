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

/// The unit a provider writes Unix timestamps in.
public enum TimestampUnit: String, Sendable, Hashable, CaseIterable {
    case seconds
    case milliseconds

    /// The Unix time in seconds that `text` denotes: ASCII digits only (no
    /// sign, no fraction, at most 15 digits); `nil` otherwise.
    func unixSeconds(_ text: some StringProtocol) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 15,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int64(text)
        else { return nil }
        switch self {
        case .seconds: return Double(value)
        case .milliseconds: return Double(value) / 1000
        }
    }
}
