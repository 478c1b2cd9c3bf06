/// A place in a mapping file's JSON, written as an RFC 9535 normalized path
/// (`$['rules'][0]['when']`), so a problem can say exactly where it is.
public struct Location: Sendable, Hashable, CustomStringConvertible {
    /// The normalized path.
    public private(set) var path: String

    /// The whole document, `$`.
    public static let root = Location(path: "$")

    private init(path: String) {
        self.path = path
    }

    /// The member `name` of the object here.
    public func appending(_ name: String) -> Location {
        Location(path: path + "['" + Location.escape(name) + "']")
    }

    /// The element `index` of the array here.
    public func appending(_ index: Int) -> Location {
        Location(path: path + "[\(index)]")
    }

    public var description: String { path }

    /// Escapes a member name as RFC 9535 normalized paths require: `'` and
    /// `\` with a backslash, control characters as short or `\u00XX` escapes.
    static func escape(_ name: String) -> String {
        var escaped = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "'": escaped += "\\'"
            case "\\": escaped += "\\\\"
            case "\u{08}": escaped += "\\b"
            case "\u{0C}": escaped += "\\f"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
