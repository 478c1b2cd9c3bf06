/// Word-at-a-time checks for the bytes that end a plain run inside a JSON
/// string: `"`, `\` and control characters. The parser and the serializer
/// skip eight ordinary bytes at once with them.
enum JSONStringScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// How many bytes of `word` (loaded little-endian) come before the
    /// first `"`, `\` or control byte; 8 when there is none.
    @inline(__always)
    static func plainPrefixLength(_ word: UInt64) -> Int {
        specialBytes(word).trailingZeroBitCount >> 3
    }

    /// The high bit of each byte of `word` that is `"`, `\` or below 0x20,
    /// exact up to the first such byte (borrows may mark bytes after it).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & highBits
    }

    /// Whether any byte of `bytes` is `"`, `\` or a control character.
    @inline(__always)
    static func hasSpecialByte(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count >= 8 else {
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            return false
        }
        var offset = 0
        while offset + 8 <= count {
            if plainPrefixLength(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) < 8 { return true }
            offset += 8
        }
        // The last, partial word: the eight bytes ending the text, overlapping.
        return offset < count && plainPrefixLength(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))) < 8
    }

    /// Whether any of the eight bytes of `word` is not ASCII.
    @inline(__always)
    static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highBits != 0
    }
}
