// Literals in a JSONPath query: strings (RFC 9535 §2.3.1.1), integers for
// indexes and slices (§2.1), and numbers in filters (§2.3.5.1).

extension JSONPathParser {
    /// The largest magnitude of an index or slice bound: 2^53 − 1, the
    /// I-JSON exact integer range.
    static let maximumInteger = 9_007_199_254_740_991

    /// Parses a single- or double-quoted string literal with its escapes.
    mutating func parseStringLiteral() throws(JSONPathError) -> String {
        let open = position
        let quote = scalars[position]
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek else { throw error("unterminated string literal opened at offset \(open)") }
            if scalar == quote {
                position += 1
                return String(result)
            }
            if scalar == "\\" {
                result.append(try parseEscape(inside: quote))
                continue
            }
            guard scalar.value >= 0x20 else {
                throw error("control character \(JSONPathParser.describe(scalar)) must be escaped in a string literal")
            }
            result.append(scalar)
            position += 1
        }
    }

    /// Parses one escape sequence in a string quoted with `quote`.
    private mutating func parseEscape(inside quote: Unicode.Scalar) throws(JSONPathError) -> Unicode.Scalar {
        let escapeStart = position
        position += 1
        guard let scalar = peek else { throw error("unterminated escape sequence", at: escapeStart) }
        position += 1
        switch scalar {
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "/": return "/"
        case "\\": return "\\"
        case quote: return quote
        case "u": return try parseUnicodeEscape(startingAt: escapeStart)
        default:
            throw error("invalid escape sequence '\\\(scalar)' in a string literal quoted with \(quote)", at: escapeStart)
        }
    }

    /// Parses the hex digits after `\u`, combining a surrogate pair.
    private mutating func parseUnicodeEscape(startingAt escapeStart: Int) throws(JSONPathError) -> Unicode.Scalar {
        let first = try parseHex4(escapeStart: escapeStart)
        switch first {
        case 0xDC00...0xDFFF:
            throw error("'\\u\(hex(first))' is a low surrogate without a high surrogate before it", at: escapeStart)
        case 0xD800...0xDBFF:
            let lowStart = position
            guard consume("\\u") else {
                throw error("high surrogate '\\u\(hex(first))' must be followed by a '\\u' low surrogate", at: escapeStart)
            }
            let second = try parseHex4(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw error("high surrogate '\\u\(hex(first))' must be followed by a low surrogate, not '\\u\(hex(second))'", at: lowStart)
            }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        default:
            return Unicode.Scalar(first)!
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONPathError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = peek, let digit = JSONPathParser.hexValue(scalar) else {
                throw error("'\\u' must be followed by four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }

    private func hex(_ value: UInt32) -> String {
        String(value, radix: 16, uppercase: true)
    }

    /// Parses an index or slice bound: `0` or `-`? followed by digits without
    /// a leading zero, within ±(2^53 − 1).
    mutating func parseInteger(role: String) throws(JSONPathError) -> Int {
        let start = position
        let negative = consume("-")
        let digits = consumeDigits()
        guard !digits.isEmpty else {
            throw error("expected digits for the \(role), found \(JSONPathParser.describe(peek))")
        }
        if digits.count > 1, digits.first == "0" {
            throw error("the \(role) must not have leading zeros", at: start)
        }
        if negative, digits == ["0"] {
            throw error("the \(role) must not be '-0'", at: start)
        }
        var magnitude = 0
        for digit in digits {
            magnitude = magnitude * 10 + Int(digit.value - 0x30)
            guard magnitude <= JSONPathParser.maximumInteger else {
                throw error("the \(role) is out of range: integers are limited to ±(2^53 − 1)", at: start)
            }
        }
        return negative ? -magnitude : magnitude
    }

    /// Parses a number literal in a filter: `-`? int frac? exp?, where the
    /// int part is `0` or has no leading zero (RFC 9535 `number`).
    mutating func parseNumberLiteral() throws(JSONPathError) -> JSONNumber {
        let start = position
        _ = consume("-")
        let integer = consumeDigits()
        guard !integer.isEmpty else {
            throw error("expected digits after '-', found \(JSONPathParser.describe(peek))")
        }
        if integer.count > 1, integer.first == "0" {
            throw error("a number must not have leading zeros", at: start)
        }
        if consume(".") {
            guard !consumeDigits().isEmpty else {
                throw error("expected digits after the decimal point, found \(JSONPathParser.describe(peek))")
            }
        }
        if consume("e") || consume("E") {
            _ = consume("+") || consume("-")
            guard !consumeDigits().isEmpty else {
                throw error("expected digits in the exponent, found \(JSONPathParser.describe(peek))")
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<position])
        guard let number = JSONNumber(text: String(text)) else {
            throw error("invalid number literal", at: start)
        }
        return number
    }

    /// Consumes a run of ASCII digits and returns them.
    private mutating func consumeDigits() -> ArraySlice<Unicode.Scalar> {
        let start = position
        while let scalar = peek, ("0"..."9").contains(scalar) { position += 1 }
        return scalars[start..<position]
    }
}
