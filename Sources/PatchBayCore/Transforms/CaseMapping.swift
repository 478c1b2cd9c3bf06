/// Lower- and upper-casing as `String.lowercased()` / `uppercased()` do it
/// (each scalar replaced by its full Unicode case mapping), with ASCII
/// scalars mapped directly, so text that is mostly ASCII is cheap even when
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                bytes.append(ascii(UInt8(scalar.value)))
            } else {
                var mapping = other(scalar.properties)
                mapping.withUTF8 { bytes.append(contentsOf: $0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
