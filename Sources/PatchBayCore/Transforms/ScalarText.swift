/// Byte-level reading of UTF-8 text whose characters are all single Unicode
/// scalars, where Swift's character-level rules (`Character.isWhitespace`,
/// splitting on characters) give the same results as simple byte scans.
///
/// Every scalar below U+0300 forms a grapheme cluster of its own (the first
/// combining marks, prepend and spacing marks come later), apart from CR LF,
/// which is whitespace as a pair and as two scalars alike. Such text is what
/// names, emails and phone numbers almost always are.
enum ScalarText {
    /// Whether every scalar of the UTF-8 `bytes` is below U+0300: ASCII and
    /// two-byte sequences led by C2…CB.
    static func isSingleScalarCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0xCC { return false }
        return true
    }

    /// The number of bytes of the whitespace scalar at `index`, or 0: the
    /// White_Space scalars below U+0300 are U+0009…U+000D, U+0020, U+0085
    /// and U+00A0.
    @inline(__always)
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x09...0x0D, 0x20: return 1
        case 0xC2 where index + 1 < bytes.count && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0): return 2
        default: return 0
        }
    }

    /// The index of the first non-whitespace scalar at or after `start`.
    static func nextNonWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let length = whitespaceLength(bytes, at: index)
            if length == 0 { return index }
            index += length
        }
        return nil
    }

    /// The index of the first whitespace scalar at or after `start`, which
    /// must be at a scalar boundary.
    static func nextWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if whitespaceLength(bytes, at: index) > 0 { return index }
            index += 1
        }
        return nil
    }

    /// The end of `bytes` without its trailing whitespace, not before `start`.
    static func endWithoutTrailingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, notBefore start: Int) -> Int {
        var end = bytes.count
        while end > start {
            if whitespaceLength(bytes, at: end - 1) == 1 {
                end -= 1
            } else if end - 2 >= start, whitespaceLength(bytes, at: end - 2) == 2 {
                end -= 2
            } else {
                break
            }
        }
        return end
    }
}
