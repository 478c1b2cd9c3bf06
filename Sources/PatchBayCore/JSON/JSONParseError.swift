/// Why a text is not valid JSON, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ',' or '}' after an object member`.
    public let message: String
    /// The zero-based byte offset of the problem in the input.
    public let offset: Int
    /// The one-based line of the problem.
    public let line: Int
    /// The one-based column (in bytes) of the problem.
    public let column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(message) at line \(line), column \(column) (byte \(offset))"
    }
}
