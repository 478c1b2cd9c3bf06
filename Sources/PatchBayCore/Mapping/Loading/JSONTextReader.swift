extension JSONTextMembers {
    /// Reads a mapping's `jsonText`: the names of top-level body members
    /// whose text is JSON, at least one, each once. A `json-batch` body is an
    /// array, with no top-level members to name.
    static func read(_ node: Node, body: BodyFormat, _ problems: Problems) -> JSONTextMembers? {
        let expected = "an array of member names, e.g. [\"rawRequest\"]"
        guard let elements = node.array(problems, expected: expected) else { return nil }
        if elements.isEmpty { problems.report(node.location, "is empty", expected: expected) }
        if body == .jsonBatch {
            problems.report(
                node.location, "names members of the body's top-level object, but a json-batch body is an array",
                expected: "a body format whose body is an object (json, form, multipart, sns)")
        }
        var names: [String] = []
        for element in elements {
            guard let name = element.string(problems, expected: "a member name") else { continue }
            if name.isEmpty {
                problems.report(element.location, "is empty", expected: "a member name")
            } else if names.contains(name) {
                problems.report(element.location, "names \(JSONValue.string(name).excerpt) again", expected: "each member once")
            } else {
                names.append(name)
            }
        }
        guard names.count == elements.count, !names.isEmpty, body != .jsonBatch else { return nil }
        return JSONTextMembers(names: names)
    }
}
