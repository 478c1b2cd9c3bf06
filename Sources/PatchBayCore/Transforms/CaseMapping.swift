/// Lower- and upper-casing as `String.lowercased()` / `uppercased()` do it
/// (each scalar replaced by its full Unicode case mapping), with ASCII
/// bytes mapped directly, so text that is mostly ASCII is cheap even when
/// a few scalars are not.
enum CaseMapping {
    /// `text.lowercased()`.
    static func lowercased(_ text: String) -> String {
        mapped(text, ascii: { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }, other: \.lowercaseMapping)
    }

    /// `text.uppercased()`.
    static func uppercased(_ text: String) -> String {
        mapped(text, ascii: { $0 &- UInt8(ascii: "a") < 26 ? $0 & ~0x20 : $0 }, other: \.uppercaseMapping)
    }

    private static func mapped(_ text: String, ascii: (UInt8) -> UInt8, other: (Unicode.Scalar.Properties) -> String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 4)
            var index = 0
            while index < utf8.count {
                let lead = utf8[index]
                guard lead >= 0x80 else {
                    bytes.append(ascii(lead))
                    index += 1
                    continue
                }
                let (scalar, length) = decodeScalar(utf8, at: index)
                var mapping = other(scalar.properties)
                mapping.withUTF8 { bytes.append(contentsOf: $0) }
                index += length
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The scalar whose (valid) multi-byte UTF-8 sequence starts at
    /// `index`, and the sequence's length.
    private static func decodeScalar(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(utf8[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0x7F >> length)
        for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
        return (Unicode.Scalar(value)!, length)
    }
}
