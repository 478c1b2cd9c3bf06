/// A way providers write dates, read into a ``Timestamp``.
public enum DateFormat: String, Sendable, CaseIterable {
    /// Seconds since the Unix epoch, as a number or numeric string, with an
    /// optional fraction (`1700000000`, `"1700000000.25"`).
    case unixSeconds = "unix-seconds"
    /// Milliseconds since the Unix epoch (`1700000000123`).
    case unixMillis = "unix-millis"
    /// ISO 8601 / RFC 3339: `2023-11-07T05:31:56Z`, `2023-11-07T05:31:56.5+02:00`,
    /// `2023-11-07 05:31`, `2023-11-07`; without a zone the time is UTC.
    case iso8601
    /// `YYYY-MM-DD HH:MM:SS` in UTC, as Mailchimp writes `fired_at`.
    case sqlDateTime = "YYYY-MM-DD HH:MM:SS"

    /// Reads `value` in this format.
    public func timestamp(from value: JSONValue) throws(TransformFailure) -> Timestamp {
        var text: String
        switch (self, value) {
        case (.unixSeconds, .number(let number)), (.unixMillis, .number(let number)): text = number.text
        case (_, .string(let string)): text = string
        default: throw TransformFailure("\(value.excerpt) is not a date in the format \(rawValue)")
        }
        let parsed: Timestamp?
        switch self {
        case .unixSeconds: parsed = text.withUTF8 { DateFormat.unix($0, nanosecondsPerUnit: 1_000_000_000) }
        case .unixMillis: parsed = text.withUTF8 { DateFormat.unix($0, nanosecondsPerUnit: 1_000_000) }
        case .iso8601: parsed = ISO8601Reader.read(text, strict: false)
        case .sqlDateTime: parsed = text.withUTF8 { DateFormat.sqlDateTime($0) }
        }
        guard let parsed, Timestamp.representable.contains(parsed.seconds) else {
            throw TransformFailure("\(value.excerpt) is not a date in the format \(rawValue)")
        }
        return parsed
    }

    /// `-?digits(.digits)?` in units of `nanosecondsPerUnit`.
    private static func unix(_ bytes: UnsafeBufferPointer<UInt8>, nanosecondsPerUnit: Int128) -> Timestamp? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var whole: Int128 = 0
        var wholeDigits = 0
        while index < bytes.count, let digit = bytes[index].decimalDigit {
            guard wholeDigits < 18 else { return nil }
            whole = whole * 10 + Int128(digit)
            wholeDigits += 1
            index += 1
        }
        guard wholeDigits > 0 else { return nil }
        var nanoseconds = whole * nanosecondsPerUnit
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = nanosecondsPerUnit
            var fractionDigits = 0
            while index < bytes.count, let digit = bytes[index].decimalDigit {
                scale /= 10
                nanoseconds += Int128(digit) * scale
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        if negative { nanoseconds = -nanoseconds }
        var seconds = nanoseconds / 1_000_000_000
        var remainder = nanoseconds % 1_000_000_000
        if remainder < 0 {
            remainder += 1_000_000_000
            seconds -= 1
        }
        return Timestamp(seconds: Int64(seconds), nanoseconds: Int32(remainder))
    }

    /// Exactly `YYYY-MM-DD HH:MM:SS`, UTC.
    private static func sqlDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard bytes.count == 19, bytes[10] == UInt8(ascii: " ") else { return nil }
        return ISO8601Reader.read(bytes, strict: false)
    }
}

extension UInt8 {
    /// The value of an ASCII decimal digit.
    var decimalDigit: Int? {
        self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") ? Int(self &- UInt8(ascii: "0")) : nil
    }
}
