/// Where a source's secret is read from. A mapping file only ever names the
/// place; the server reads it at start-up.
///
/// The text found there may hold several secrets, for rotation; see
/// ``secrets(in:)``.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable of that name.
    case environment(String)
    /// The file at that path.
    case file(String)

    /// The variable a source uses when its mapping names none:
    /// `PATCHBAY_SECRET_` followed by the source name with ASCII letters
    /// upper-cased, ASCII digits kept and every other character (per Unicode
    /// scalar) written as `_`. `stripe-live` gives `PATCHBAY_SECRET_STRIPE_LIVE`.
    public static func defaultVariableName(forSource source: String) -> String {
        let suffix = source.unicodeScalars.map { scalar -> String in
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else { return "_" }
            return String(scalar).uppercased()
        }
        return "PATCHBAY_SECRET_" + suffix.joined()
    }

    /// The secrets in the text of a variable or file: one per line (LF or
    /// CR LF), spaces and tabs around each trimmed, blank lines ignored.
    /// Several lines mean several valid secrets, e.g. the old and the new one
    /// while a provider's secret is being rotated.
    public static func secrets(in text: some Collection<UInt8>) -> [[UInt8]] {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") }
        return text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { line in
            guard let first = line.firstIndex(where: { !isSpace($0) }) else { return nil }
            let last = line.lastIndex(where: { !isSpace($0) }) ?? first
            return Array(line[first...last])
        }
    }

    /// `environment variable NAME` or `file PATH`, for messages.
    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}
