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
        var path = self.path + "['"
        NormalizedPath.appendEscaped(name, to: &path)
        return Location(path: path + "']")
    }

    /// The element `index` of the array here.
    public func appending(_ index: Int) -> Location {
        Location(path: path + "[\(index)]")
    }

    public var description: String { path }
}
