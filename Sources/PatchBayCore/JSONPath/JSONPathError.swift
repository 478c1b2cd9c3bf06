/// Why a text is not a valid RFC 9535 JSONPath query, and where.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ']' or ',' after a selector`.
    public let message: String
    /// The zero-based offset of the problem in the query, counted in Unicode
    /// scalars (characters, for ASCII queries).
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset \(offset)" }
}
