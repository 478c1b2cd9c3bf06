extension Condition {
    private static let combinators = ["all", "any", "not"]
    private static let subjects = ["path", "header", "value"]
    private static let tests = ["equals", "oneOf", "exists", "prefix", "regex"] + ValueTest.NumericComparison.allCases.map(\.rawValue)
    private static let expected =
        "an object with 'all', 'any' or 'not', or with one of 'path', 'header', 'value' and tests among "
        + tests.joined(separator: ", ")

    /// Reads a `when` condition: `{"all": […]}`, `{"any": […]}`,
    /// `{"not": {…}}`, or a test object naming its value (`path`, `header` or
    /// `value`) and one or more tests, all of which must hold, with an
    /// optional `ignoreCase`.
    static func read(_ node: Node, _ problems: Problems) -> Condition? {
        guard case .object(let object) = node.value else {
            problems.report(node.location, "a condition is \(node.value.typeArticle)", expected: expected)
            return nil
        }
        if let combinator = combinators.first(where: { object[$0] != nil }) {
            guard let reader = ObjectReader(node, allowed: [combinator], problems: problems), let member = reader[combinator] else { return nil }
            if combinator == "not" { return read(member, problems).map { .not($0) } }
            guard let elements = member.array(problems, expected: "an array of conditions") else { return nil }
            if elements.isEmpty { problems.report(member.location, "'\(combinator)' has no conditions", expected: "at least one condition") }
            let conditions = elements.compactMap { read($0, problems) }
            guard conditions.count == elements.count else { return nil }
            return combinator == "all" ? .all(conditions) : .any(conditions)
        }
        return readTest(node, problems)
    }

    private static func readTest(_ node: Node, _ problems: Problems) -> Condition? {
        guard let reader = ObjectReader(node, allowed: subjects + tests + ["ignoreCase"], problems: problems) else { return nil }
        let named = reader.present(among: subjects)
        guard named.count == 1, let subjectNode = reader[named[0]] else {
            problems.report(
                node.location,
                named.isEmpty ? "a condition names no value to test" : "a condition names several values: \(named.joined(separator: ", "))",
                expected: "exactly one of 'path', 'header', 'value'")
            return nil
        }
        let subject: MappingValue?
        switch named[0] {
        case "path": subject = subjectNode.valuePath(problems).map { MappingValue(source: .path($0), transforms: [], text: $0.query) }
        case "header":
            subject = subjectNode.string(problems, expected: "a header name").map {
                MappingValue(source: .header($0), transforms: [], text: "header \($0)")
            }
        default: subject = MappingValue.read(subjectNode, problems)
        }
        let ignoreCase = reader["ignoreCase"].flatMap { $0.bool(problems) } ?? false
        let present = reader.present(among: tests)
        if present.isEmpty {
            problems.report(node.location, "a condition has no test", expected: "one or more of " + tests.joined(separator: ", "))
        }
        let valueTests = present.compactMap { key in reader[key].flatMap { readValueTest(key, $0, ignoreCase: ignoreCase, problems) } }
        guard let subject, valueTests.count == present.count, !present.isEmpty else { return nil }
        return .test(subject, valueTests)
    }

    private static func readValueTest(_ key: String, _ node: Node, ignoreCase: Bool, _ problems: Problems) -> ValueTest? {
        func comparable(_ value: JSONValue) -> JSONValue {
            guard ignoreCase, case .string(let text) = value else { return value }
            return .string(text.lowercased())
        }
        switch key {
        case "equals":
            return .equals(comparable(node.value), ignoreCase: ignoreCase)
        case "oneOf":
            guard let elements = node.array(problems, expected: "an array of values") else { return nil }
            return .oneOf(elements.map { comparable($0.value) }, ignoreCase: ignoreCase)
        case "exists":
            return node.bool(problems).map { .exists($0) }
        case "prefix":
            return node.string(problems).map { .prefix(ignoreCase ? $0.lowercased() : $0, ignoreCase: ignoreCase) }
        case "regex":
            guard let pattern = node.string(problems, expected: "a regular expression") else { return nil }
            do {
                return .regex(try CompiledRegex(pattern, ignoreCase: ignoreCase))
            } catch {
                problems.report(node.location, "invalid regular expression: \(error)", expected: "a regular expression such as \"^customers/\"")
                return nil
            }
        default:
            guard let comparison = ValueTest.NumericComparison(rawValue: key), case .number(let bound) = node.value else {
                problems.report(node.location, "is \(node.value.typeName)", expected: "a number")
                return nil
            }
            return .compare(comparison, bound)
        }
    }
}
