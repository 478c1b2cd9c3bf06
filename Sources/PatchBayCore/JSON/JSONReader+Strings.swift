/// The content of a string literal just read, see ``JSONReader/readString()``.
struct StringContent {
    let content: UnsafeRawBufferPointer
    /// Whether the content is known to be ASCII (otherwise its UTF-8 is
    /// still to be checked).
    let ascii: Bool
    /// Whether the content is in ``JSONReader/unescaped`` rather than the input.
    let isUnescaped: Bool
}

extension JSONReader {
    /// Reads a string literal and returns its content: a part of the input
    /// when it has no escapes, otherwise the unescaped bytes in
    /// ``unescaped``, valid until the next string is read.
    @inline(__always)
    mutating func readString() throws(JSONParseError) -> StringContent {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes. Eight plain bytes at a time up to the word
        // holding the first special byte, then byte by byte.
        var nonASCII = false
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let plain = JSONStringScan.plainPrefixLength(word)
            if plain < 8 {
                nonASCII = nonASCII || JSONStringScan.hasNonASCII(word & ((1 << (plain * 8)) &- 1))
                index += plain
                break
            }
            nonASCII = nonASCII || JSONStringScan.hasNonASCII(word)
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return StringContent(content: content, ascii: !nonASCII, isUnescaped: false)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character \(describe(byte)) in a string must be escaped") }
            nonASCII = nonASCII || byte >= 0x80
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string", at: start) }
        unescaped.removeAll(from: 0)
        for offset in contentStart..<index { unescaped.push(bytes[offset]) }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return StringContent(content: unescaped.bytes(from: 0, count: unescaped.count), ascii: false, isUnescaped: true)
            case UInt8(ascii: "\\"):
                UTF8.encode(try readEscape()) { unescaped.push($0) }
            case ..<0x20:
                throw error("control character \(describe(byte)) in a string must be escaped")
            default:
                unescaped.push(byte)
                index += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    /// The string of `string`'s content, whose UTF-8 is checked unless it
    /// is known to be ASCII; `offset` is where it starts, for the error.
    func makeString(_ string: StringContent, at offset: Int) throws(JSONParseError) -> String {
        if string.ascii { return String(decoding: string.content, as: UTF8.self) }
        guard let text = String(validating: string.content, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string", at: offset)
        }
        return text
    }

    /// Reads one escape sequence and returns the scalar it stands for.
    mutating func readEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("unterminated escape sequence", at: escapeStart) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart)
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
                }
                index += 2
                let low = try readHex4(escapeStart)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error("high surrogate not followed by a low surrogate", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
            }
            return Unicode.Scalar(scalar)!
        default:
            throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'", at: escapeStart)
        }
    }

    mutating func readHex4(_ escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("incomplete \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
