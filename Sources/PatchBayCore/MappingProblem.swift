/// One thing wrong in a mapping file, located precisely enough to fix it.
///
/// `location` is a JSONPath normalized path into the file's JSON, such as
/// `$['rules'][0]['when']`; `$` is the whole document.
public struct MappingProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, when known.
    public var file: String?
    /// Where in the document, as a normalized path.
    public var location: String
    /// What is wrong.
    public var message: String
    /// What was expected instead, when that helps.
    public var expected: String?

    public init(file: String? = nil, location: String, message: String, expected: String? = nil) {
        self.file = file
        self.location = location
        self.message = message
        self.expected = expected
    }

    /// `file: $['rules'][0]: message (expected …)`, on one line.
    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        text += "\(location): \(message)"
        if let expected { text += " (expected \(expected))" }
        return text
    }
}
