import Foundation

extension Timestamp {
    /// The instant of `date`, to the microsecond.
    public init(_ date: Date) {
        let microseconds = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let (seconds, remainder) = Int64(microseconds).quotientAndRemainder(dividingBy: 1_000_000)
        self.init(
            seconds: remainder < 0 ? seconds - 1 : seconds,
            nanoseconds: Int32((remainder < 0 ? remainder + 1_000_000 : remainder) * 1000))
    }

    /// The instant as a Foundation `Date` (to the precision a `Date` has).
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
    }
}
