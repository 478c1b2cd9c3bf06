/// Why a transform could not turn an event's value into what it promises,
/// e.g. `"abc" is not a phone number`.
public struct TransformFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension JSONValue {
    /// The value as it reads in a message: strings quoted, at most 40
    /// characters, so an error names what it saw without flooding the log.
    var excerpt: String {
        let text = serialized()
        return text.count <= 40 ? text : String(text.prefix(37)) + "..."
    }
}
