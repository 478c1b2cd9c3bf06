/// E.164 normalization: `(415) 555-0123` with default country US becomes
/// `+14155550123`; `+44 20 7946 0958`, `0044 20 7946 0958` and, with default
/// country GB, `020 7946 0958` all become `+442079460958`.
enum PhoneNumber {
    /// Whether `byte` is one of the characters people put in phone numbers
    /// that carry no digits: space, tab, `-`, `.`, `(`, `)`, `/`, and the
    /// bytes of U+00A0 NO-BREAK SPACE (C2 A0).
    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "/"), 0xC2, 0xA0:
            true
        default:
            false
        }
    }

    /// The E.164 form of `text`. Numbers written with `+` or the default
    /// country's international prefix are international; others are national
    /// numbers of `country`, whose trunk prefix is dropped.
    static func e164(_ text: String, defaultCountry country: CallingCountry?) throws(TransformFailure) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var international = false
        var position = -1
        for byte in text.utf8 {
            position += 1
            if byte == UInt8(ascii: "+"), digits.isEmpty, !international {
                international = true
            } else if byte.decimalDigit != nil {
                digits.append(byte)
            } else if !isSeparator(byte) {
                throw TransformFailure("\(JSONValue.string(text).excerpt) is not a phone number (unexpected character at \(position))")
            }
        }
        var number = digits[...]
        var callingCode = ""
        if !international, let country {
            if number.starts(with: country.internationalPrefix.utf8) {
                number.removeFirst(country.internationalPrefix.utf8.count)
            } else {
                if let trunk = country.trunkPrefix, number.starts(with: trunk.utf8),
                    country.nationalLength.map({ number.count == $0 + trunk.utf8.count }) ?? true
                {
                    number.removeFirst(trunk.utf8.count)
                }
                if let length = country.nationalLength, number.count != length {
                    throw TransformFailure(
                        "\(JSONValue.string(text).excerpt) is not a phone number of +\(country.callingCode) (expected \(length) digits)")
                }
                callingCode = country.callingCode
            }
        } else if !international, number.starts(with: "00".utf8) {
            number.removeFirst(2)
        } else if !international {
            throw TransformFailure("\(JSONValue.string(text).excerpt) has no country code and no default country is set")
        }
        let first = callingCode.utf8.first ?? number.first
        guard (7...15).contains(callingCode.utf8.count + number.count), first != UInt8(ascii: "0") else {
            throw TransformFailure("\(JSONValue.string(text).excerpt) is not a phone number (E.164 has 7 to 15 digits after a non-zero country code)")
        }
        return "+" + callingCode + String(decoding: number, as: UTF8.self)
    }
}
