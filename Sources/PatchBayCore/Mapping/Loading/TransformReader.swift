extension Transform {
    /// The names of the steps that take no argument.
    private static let plain: [String: Transform] = [
        "trim": .trim, "lowercase": .lowercase, "uppercase": .uppercase,
        "firstName": .firstName, "lastName": .lastName, "boolean": .boolean, "e164": .e164(defaultCountry: nil),
    ]
    private static let withArgument = ["e164", "date", "lookup", "default"]
    private static var expectedForms: String {
        "one of " + (plain.keys.sorted() + withArgument.map { "{\"\($0)\": …}" }).joined(separator: ", ")
    }

    /// Reads a `transform` list: each step a name (`"trim"`) or an object
    /// with one key naming the step and its argument (`{"e164": "US"}`).
    static func readList(_ node: Node, _ problems: Problems) -> [Transform] {
        let steps: [Node]
        if case .array = node.value {
            steps = node.array(problems) ?? []
        } else {
            steps = [node]
        }
        return steps.compactMap { read($0, problems) }
    }

    private static func read(_ node: Node, _ problems: Problems) -> Transform? {
        switch node.value {
        case .string(let name):
            if let step = plain[name] { return step }
            problems.report(node.location, "unknown transform '\(name)'", expected: expectedForms)
            return nil
        case .object(let object) where object.count == 1:
            let (name, argument) = (object.members[0].key, object.members[0].value)
            return readStep(name, Node(value: argument, location: node.location.appending(name)), problems)
        default:
            problems.report(node.location, "a transform step is \(node.value.typeArticle)", expected: expectedForms)
            return nil
        }
    }

    private static func readStep(_ name: String, _ argument: Node, _ problems: Problems) -> Transform? {
        switch name {
        case "e164":
            guard let code = argument.string(problems, expected: "an ISO 3166 country code such as \"US\"") else { return nil }
            guard let country = CallingCountry.named(code) else {
                problems.report(argument.location, "unknown country '\(code)'", expected: "one of " + CallingCountry.codes.joined(separator: " "))
                return nil
            }
            return .e164(defaultCountry: country)
        case "date":
            let formats = DateFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let text = argument.string(problems, expected: formats) else { return nil }
            guard let format = DateFormat(rawValue: text) else {
                problems.report(argument.location, "unknown date format '\(text)'", expected: formats)
                return nil
            }
            return .date(format)
        case "lookup":
            guard let entries = argument.members(problems, expected: "an object mapping values to values") else { return nil }
            var table: [String: JSONValue] = [:]
            for (key, entry) in entries {
                if entry.value == .null {
                    problems.report(
                        entry.location, "a lookup result is null; fields are left out, never set to null", expected: "a string, number or boolean")
                }
                table[key] = entry.value
            }
            return .lookup(table)
        case "default":
            if argument.value == .null {
                problems.report(
                    argument.location, "a default is null; fields are left out, never set to null", expected: "a string, number or boolean")
                return nil
            }
            return .defaultValue(argument.value)
        default:
            problems.report(argument.location, "unknown transform '\(name)'", expected: expectedForms)
            return nil
        }
    }
}
