/// Reads the ways providers write yes and no as a Boolean.
enum BooleanCoercion {
    private static let truths: Set<String> = ["true", "t", "yes", "y", "1", "on"]
    private static let falsehoods: Set<String> = ["false", "f", "no", "n", "0", "off"]

    /// `true`/`false`; the numbers 1 and 0; the strings true/false, t/f,
    /// yes/no, y/n, 1/0, on/off in any case, surrounding spaces ignored.
    static func coerce(_ value: JSONValue) throws(TransformFailure) -> Bool {
        switch value {
        case .bool(let bool): return bool
        case .number(let number) where number == JSONNumber(0): return false
        case .number(let number) where number == JSONNumber(1): return true
        case .string(let string):
            let word = string.trimmingWhitespace.lowercased()
            if truths.contains(word) { return true }
            if falsehoods.contains(word) { return false }
        default: break
        }
        throw TransformFailure("\(value.excerpt) is not a yes/no value")
    }
}

extension StringProtocol {
    /// The string without leading and trailing whitespace.
    var trimmingWhitespace: String {
        let trimmed = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard ScalarText.isSingleScalarCharacters(bytes) else { return nil }
            guard let start = ScalarText.nextNonWhitespace(bytes, from: 0) else { return "" }
            let end = ScalarText.endWithoutTrailingWhitespace(bytes, notBefore: start)
            if start == 0 && end == bytes.count { return String(self) }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        if let trimmed = trimmed ?? nil { return trimmed }
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
