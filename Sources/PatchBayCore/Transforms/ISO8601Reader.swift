/// Reads ISO 8601 / RFC 3339 date-times from bytes, with no allocation and
/// no calendar library.
enum ISO8601Reader {
    /// Reads `YYYY-MM-DD[(T|t| )HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM|±HH]]`.
    /// A missing zone means UTC. With `strict`, only the complete RFC 3339
    /// form is accepted (time with seconds and a zone).
    static func read(_ text: String, strict: Bool) -> Timestamp? {
        var text = text
        return text.withUTF8 { read($0, strict: strict) }
    }

    /// ``read(_:strict:)`` on UTF-8 bytes.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, strict: Bool) -> Timestamp? {
        var reader = Reader(bytes: bytes)
        guard let year = reader.number(4), reader.skip("-"),
            let month = reader.number(2), reader.skip("-"),
            let day = reader.number(2),
            (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var secondOfDay = 0
        var nanoseconds = 0
        var offset = 0
        if reader.atEnd {
            guard !strict else { return nil }
        } else {
            guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
                let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2),
                hour < 24, minute < 60
            else { return nil }
            var second = 0
            if reader.skip(":") {
                guard let value = reader.number(2), value <= 60 else { return nil }
                second = value
                if reader.skip(".") {
                    guard let fraction = reader.fraction() else { return nil }
                    nanoseconds = fraction
                }
            } else if strict {
                return nil
            }
            secondOfDay = hour * 3600 + minute * 60 + second
            if reader.skip("Z") || reader.skip("z") {
                offset = 0
            } else if let sign = reader.sign() {
                guard let hours = reader.number(2), hours < 24 else { return nil }
                var minutes = 0
                if reader.skip(":") {
                    guard let value = reader.number(2) else { return nil }
                    minutes = value
                } else if !reader.atEnd {
                    guard !strict, let value = reader.number(2) else { return nil }
                    minutes = value
                } else if strict {
                    return nil
                }
                guard minutes < 60 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            } else if strict {
                return nil
            }
            guard reader.atEnd else { return nil }
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Timestamp(seconds: Int64(days * 86_400 + secondOfDay - offset), nanoseconds: Int32(nanoseconds))
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func number(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                guard let digit = bytes[index].decimalDigit else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }

        /// One or more digits, as nanoseconds (digits beyond the ninth are dropped).
        mutating func fraction() -> Int? {
            var value = 0
            var scale = 100_000_000
            let start = index
            while index < bytes.count, let digit = bytes[index].decimalDigit {
                value += digit * scale
                scale /= 10
                index += 1
            }
            return index > start ? value : nil
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
