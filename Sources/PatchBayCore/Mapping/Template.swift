/// Text with JSONPath values interpolated: `{$.type}:{$.data.email}`, or
/// `{$.MessageId}:{@.emailAddress}` in a rule with `forEach`.
/// `{{` and `}}` stand for literal braces.
struct Template: Sendable {
    enum Part: Sendable {
        case literal(String)
        case path(JSONPath)
    }

    let parts: [Part]

    /// Why a template text is invalid, and at which character.
    struct SyntaxError: Error {
        let message: String
        let offset: Int
    }

    /// Parses `text`; each `{…}` must hold a valid JSONPath.
    init(_ text: String) throws(SyntaxError) {
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{", index + 1 < characters.count, characters[index + 1] == "{" {
                literal.append("{")
                index += 2
            } else if character == "}", index + 1 < characters.count, characters[index + 1] == "}" {
                literal.append("}")
                index += 2
            } else if character == "{" {
                let start = index + 1
                guard let end = Template.closingBrace(characters, from: start) else {
                    throw SyntaxError(message: "'{' is not closed", offset: index)
                }
                let query = String(characters[start..<end])
                do {
                    if !literal.isEmpty { parts.append(.literal(literal)) }
                    literal = ""
                    parts.append(.path(try JSONPath(mappingQuery: query)))
                } catch {
                    throw SyntaxError(message: "invalid JSONPath '\(query)': \(error.message)", offset: start + error.offset)
                }
                index = end + 1
            } else if character == "}" {
                throw SyntaxError(message: "'}' without '{' (write '}}' for a literal brace)", offset: index)
            } else {
                literal.append(character)
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard parts.contains(where: { if case .path = $0 { true } else { false } }) else {
            throw SyntaxError(message: "a template interpolates no JSONPath (use {\"const\": …} for fixed text)", offset: 0)
        }
        self.parts = parts
    }

    /// The index of the `}` closing a placeholder, skipping quoted strings.
    private static func closingBrace(_ characters: [Character], from start: Int) -> Int? {
        var quote: Character?
        var index = start
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\" { index += 1 } else if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "}" {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The text for the event (and element) of `context`; `nil` when any
    /// interpolated value is missing.
    func render(_ context: EventContext) throws(TransformFailure) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .path(let path):
                switch context.first(path) {
                case .string(let string)?: text += string
                case .number(let number)?: text += number.text
                case .bool(let bool)?: text += bool ? "true" : "false"
                case .null?, nil: return nil
                case let other?: throw TransformFailure("{\(path.query)} is \(other.typeArticle); a template takes strings, numbers and booleans")
                }
            }
        }
        return text
    }
}
