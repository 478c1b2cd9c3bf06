/// E.164 normalization: `(415) 555-0123` with default country US becomes
/// `+14155550123`; `+44 20 7946 0958`, `0044 20 7946 0958` and, with default
/// country GB, `020 7946 0958` all become `+442079460958`.
enum PhoneNumber {
    /// Characters people put in phone numbers that carry no digits.
    private static let separators: Set<UInt8> = Set(" \t-.()/\u{A0}".utf8)

    /// The E.164 form of `text`. Numbers written with `+` or the default
    /// country's international prefix are international; others are national
    /// numbers of `country`, whose trunk prefix is dropped.
    static func e164(_ text: String, defaultCountry country: CallingCountry?) throws(TransformFailure) -> String {
        var digits: [UInt8] = []
        var international = false
        for (position, byte) in text.utf8.enumerated() {
            if byte == UInt8(ascii: "+"), digits.isEmpty, !international {
                international = true
            } else if byte.decimalDigit != nil {
                digits.append(byte)
            } else if !separators.contains(byte) {
                throw TransformFailure("\(JSONValue.string(text).excerpt) is not a phone number (unexpected character at \(position))")
            }
        }
        var number = String(decoding: digits, as: UTF8.self)
        if !international, let country {
            if number.hasPrefix(country.internationalPrefix) {
                number.removeFirst(country.internationalPrefix.count)
            } else {
                if let trunk = country.trunkPrefix, number.hasPrefix(trunk),
                   country.nationalLength.map({ number.count == $0 + trunk.count }) ?? true
                {
                    number.removeFirst(trunk.count)
                }
                if let length = country.nationalLength, number.count != length {
                    throw TransformFailure("\(JSONValue.string(text).excerpt) is not a phone number of +\(country.callingCode) (expected \(length) digits)")
                }
                number = country.callingCode + number
            }
        } else if !international, number.hasPrefix("00") {
            number.removeFirst(2)
        } else if !international {
            throw TransformFailure("\(JSONValue.string(text).excerpt) has no country code and no default country is set")
        }
        guard (7...15).contains(number.count), number.first != "0" else {
            throw TransformFailure("\(JSONValue.string(text).excerpt) is not a phone number (E.164 has 7 to 15 digits after a non-zero country code)")
        }
        return "+" + number
    }
}
