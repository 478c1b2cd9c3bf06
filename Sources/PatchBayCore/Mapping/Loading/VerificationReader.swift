extension VerificationSettings {
    /// Decodes a `"verify"` section found at `location` (e.g.
    /// `$['verify']`) on its own, as a mapping file's loader reads it.
    ///
    /// - Throws: ``MappingLoadFailure`` with every problem: unknown keys,
    ///   wrong types, unknown schemes and options, a secret written literally.
    public init(json: JSONValue, location: Location = .root) throws(MappingLoadFailure) {
        let problems = Problems(file: nil)
        guard let settings = Self.read(Node(value: json, location: location), problems), problems.isEmpty else {
            throw MappingLoadFailure(problems: problems.all)
        }
        self = settings
    }

    /// Reads the `"verify"` section at `node`, reporting every problem with
    /// its location, what is wrong and what was expected; `nil` when there
    /// is any.
    static func read(_ node: Node, _ problems: Problems) -> VerificationSettings? {
        guard case .object(let object) = node.value else {
            problems.report(node.location, "is \(node.value.typeName)", expected: "an object such as {\"scheme\": \"stripe\"}")
            return nil
        }
        let schemeNames = "one of " + SchemeName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let nameValue = object["scheme"] else {
            problems.report(node.location, "missing key 'scheme'", expected: schemeNames)
            return nil
        }
        let nameNode = Node(value: nameValue, location: node.location.appending("scheme"))
        guard let name = nameNode.text(problems, expected: schemeNames) else { return nil }
        guard let schemeName = SchemeName(rawValue: name) else {
            problems.report(nameNode.location, "unknown scheme \"\(name)\"", expected: schemeNames)
            return nil
        }
        let start = problems.all.count
        let common = schemeName == .none ? ["scheme"] : ["scheme", "secret"]
        guard
            let reader = ObjectReader(
                node, allowed: common + schemeName.options, problems: problems, context: "for scheme \"\(name)\"")
        else { return nil }
        let scheme = schemeName.read(reader, problems)
        let secret = schemeName == .none ? nil : reader["secret"].flatMap { secretReference($0, problems) }
        guard let scheme, problems.all.count == start else { return nil }
        return VerificationSettings(scheme: scheme, secret: secret)
    }

    /// `{"env": "NAME"}` or `{"file": "/path"}`; a literal secret is refused.
    private static func secretReference(_ node: Node, _ problems: Problems) -> SecretReference? {
        let expected = "{\"env\": \"NAME\"} or {\"file\": \"/path\"}"
        if node.value.stringValue != nil {
            problems.report(node.location, "a secret is never written in a mapping file", expected: "where to read it: " + expected)
            return nil
        }
        guard
            let reader = ObjectReader(
                node, allowed: ["env", "file"], problems: problems, expected: expected, context: "in a secret reference")
        else { return nil }
        let variable = reader["env"].flatMap { variableName($0, problems) }
        let path = reader["file"].flatMap { $0.text(problems, expected: "a file path") }
        switch (reader.has("env"), reader.has("file")) {
        case (true, false):
            return variable.map { .environment($0) }
        case (false, true):
            return path.map { .file($0) }
        case (false, false):
            problems.report(node.location, "names no place", expected: expected)
        case (true, true):
            problems.report(node.location, "names both a variable and a file", expected: expected)
        }
        return nil
    }

    /// An environment variable's name: letters, digits and `_`, not starting
    /// with a digit.
    private static func variableName(_ node: Node, _ problems: Problems) -> String? {
        guard let variable = node.text(problems, expected: "an environment variable name") else { return nil }
        guard let first = variable.unicodeScalars.first, !("0"..."9").contains(first),
            variable.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
        else {
            problems.report(
                node.location, "\"\(variable)\" is not a variable name", expected: "letters, digits and _, not starting with a digit")
            return nil
        }
        return variable
    }
}
