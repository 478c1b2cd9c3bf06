/// One node a query selected: its value and where it is in the document.
public struct JSONPathNode: Sendable, Hashable {
    /// The node's location as an RFC 9535 normalized path, e.g. `$['a'][0]`.
    public let path: String
    /// The node's value.
    public let value: JSONValue

    public init(path: String, value: JSONValue) {
        self.path = path
        self.value = value
    }
}
