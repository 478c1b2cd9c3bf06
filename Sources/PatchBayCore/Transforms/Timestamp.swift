/// An instant: whole seconds since 1970-01-01T00:00:00Z and a fraction in
/// nanoseconds. Comparable, so updates can be ordered by event time.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the Unix epoch (negative before it).
    public var seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1 000 000 000.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The range RFC 3339 can write: years 0000 to 9999.
    static let representable: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The instant as RFC 3339 in UTC: `2023-11-07T05:31:56Z`, with a
    /// fraction (trailing zeros dropped) only when there is one.
    public var rfc3339: String {
        var days = Int(seconds / 86_400)
        var secondOfDay = Int(seconds % 86_400)
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = CivilDate.date(days: days)
        return String(unsafeUninitializedCapacity: 30) { bytes in
            var count = 0
            func append(_ byte: UInt8) {
                bytes[count] = byte
                count += 1
            }
            func digits(_ value: Int, _ digitCount: Int) {
                var rest = value
                for position in stride(from: count + digitCount - 1, through: count, by: -1) {
                    bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                count += digitCount
            }
            digits(date.year, 4)
            append(UInt8(ascii: "-"))
            digits(date.month, 2)
            append(UInt8(ascii: "-"))
            digits(date.day, 2)
            append(UInt8(ascii: "T"))
            digits(secondOfDay / 3600, 2)
            append(UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2)
            append(UInt8(ascii: ":"))
            digits(secondOfDay % 60, 2)
            if nanoseconds > 0 {
                append(UInt8(ascii: "."))
                var fraction = Int(nanoseconds)
                var fractionDigits = 9
                while fraction % 10 == 0 {
                    fraction /= 10
                    fractionDigits -= 1
                }
                digits(fraction, fractionDigits)
            }
            append(UInt8(ascii: "Z"))
            return count
        }
    }

    public var description: String { rfc3339 }
}
