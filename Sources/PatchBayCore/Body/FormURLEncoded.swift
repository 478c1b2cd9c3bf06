/// Decoding of `application/x-www-form-urlencoded` bodies (the WHATWG URL
/// standard's form encoding): `name=value` pairs joined by `&`, `+` for space,
/// `%XX` escapes, UTF-8 text.
public enum FormURLEncoded {
    /// Why a body is not valid form encoding, and where.
    public typealias DecodingError = BodyDecodingError

    /// `text` as a form name or value: every byte but the unreserved
    /// characters (`A-Z a-z 0-9 - . _ ~`) percent-encoded, in UTF-8.
    public static func encode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The pairs of `body` in order. Empty segments (`a=1&&b=2`) are skipped;
    /// a segment without `=` is a name with an empty value. A malformed `%`
    /// escape or text that is not UTF-8 once decoded is an error.
    public static func pairs(_ body: some Collection<UInt8>) throws(DecodingError) -> [(name: String, value: String)] {
        try locatedPairs(body).map { (name: $0.name, value: $0.value) }
    }

    /// The pairs of `body` in order, each with the byte offset where it starts.
    static func locatedPairs(_ body: some Collection<UInt8>) throws(DecodingError) -> [(name: String, value: String, offset: Int)] {
        let bytes = Array(body)
        var pairs: [(name: String, value: String, offset: Int)] = []
        var segmentStart = 0
        while segmentStart <= bytes.count {
            let segmentEnd = bytes[segmentStart...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if segmentEnd > segmentStart {
                let separator = bytes[segmentStart..<segmentEnd].firstIndex(of: UInt8(ascii: "="))
                let name = try decode(bytes, segmentStart..<(separator ?? segmentEnd))
                let value = try separator.map { separator throws(DecodingError) in try decode(bytes, (separator + 1)..<segmentEnd) } ?? ""
                pairs.append((name: name, value: value, offset: segmentStart))
            }
            segmentStart = segmentEnd + 1
        }
        return pairs
    }

    /// Percent-decodes `bytes[range]`, with `+` as space.
    private static func decode(_ bytes: [UInt8], _ range: Range<Int>) throws(DecodingError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < range.upperBound,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw DecodingError(message: "malformed percent escape", offset: index)
                }
                output.append(high << 4 | low)
                index += 3
            default:
                output.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw DecodingError(message: "decoded text is not valid UTF-8", offset: range.lowerBound)
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
