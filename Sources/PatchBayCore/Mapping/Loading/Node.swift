/// A JSON value read from a mapping file, with where it is.
struct Node {
    let value: JSONValue
    let location: Location

    /// The string, or a problem reported and `nil`.
    func string(_ problems: Problems, expected: String = "a string") -> String? {
        if case .string(let string) = value { return string }
        problems.report(location, "is \(value.typeName)", expected: expected)
        return nil
    }

    /// The Boolean, or a problem reported and `nil`.
    func bool(_ problems: Problems) -> Bool? {
        if case .bool(let bool) = value { return bool }
        problems.report(location, "is \(value.typeName)", expected: "true or false")
        return nil
    }

    /// The elements with their locations, or a problem reported and `nil`.
    func array(_ problems: Problems, expected: String = "an array") -> [Node]? {
        guard case .array(let elements) = value else {
            problems.report(location, "is \(value.typeName)", expected: expected)
            return nil
        }
        return elements.enumerated().map { Node(value: $0.element, location: location.appending($0.offset)) }
    }

    /// The members with their locations, or a problem reported and `nil`.
    func members(_ problems: Problems, expected: String = "an object") -> [(key: String, node: Node)]? {
        guard case .object(let object) = value else {
            problems.report(location, "is \(value.typeName)", expected: expected)
            return nil
        }
        return object.members.map { (key: $0.key, node: Node(value: $0.value, location: location.appending($0.key))) }
    }

    /// The case of `Choice` the string names, or a problem (naming it a
    /// `noun` and listing the choices) reported and `nil`.
    func choice<Choice: RawRepresentable & CaseIterable>(of _: Choice.Type, named noun: String, _ problems: Problems) -> Choice?
    where Choice.RawValue == String {
        let expected = Choice.allCases.map { JSONValue.string($0.rawValue).serialized() }.joined(separator: " or ")
        guard let text = string(problems, expected: expected) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            problems.report(location, "unknown \(noun) \(JSONValue.string(text).excerpt)", expected: expected)
            return nil
        }
        return choice
    }
}
