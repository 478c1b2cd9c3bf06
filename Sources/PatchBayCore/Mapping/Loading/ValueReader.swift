extension MappingValue {
    static let sourceKeys = ["path", "header", "const", "template", "first"]
    static let expectedForms =
        "a JSONPath string (\"$.a.b\", or \"@.a\" in a rule with forEach), true/false, a number, or an object with one of "
        + sourceKeys.map { "'\($0)'" }.joined(separator: ", ") + " and an optional 'transform'"

    /// Reads a value: a string starting with `$` (or `@`, relative to the
    /// element of the rule's `forEach`) is a JSONPath; `true`,
    /// `false` and numbers are constants; an object names its source with
    /// one of `path`, `header`, `const`, `template`, `first`, and may list
    /// `transform` steps. When the value feeds a field of type `expected`,
    /// constants it can produce are checked against that type.
    static func read(_ node: Node, _ problems: Problems, feeding expected: FieldType? = nil) -> MappingValue? {
        let value: MappingValue?
        switch node.value {
        case .string(let text) where text.hasPrefix("$") || text.hasPrefix("@"):
            value = node.valuePath(problems).map { MappingValue(source: .path($0), transforms: [], text: text) }
        case .string(let text):
            problems.report(
                node.location, "\(JSONValue.string(text).excerpt) is not a JSONPath (it starts with neither '$' nor '@')",
                expected: "{\"const\": \(JSONValue.string(text).excerpt)} for fixed text")
            value = nil
        case .bool, .number:
            value = MappingValue(source: .constant(node.value), transforms: [], text: node.value.serialized())
        case .object:
            value = readObject(node, problems)
        case .null, .array:
            problems.report(node.location, "a value is \(node.value.typeName)", expected: expectedForms)
            value = nil
        }
        if let value, let expected { value.check(feeding: expected, at: node.location, problems) }
        return value
    }

    private static func readObject(_ node: Node, _ problems: Problems) -> MappingValue? {
        guard let reader = ObjectReader(node, allowed: sourceKeys + ["transform"], problems: problems) else { return nil }
        let present = reader.present(among: sourceKeys)
        guard present.count == 1, let key = present.first, let member = reader[key] else {
            problems.report(
                node.location,
                present.isEmpty ? "a value object names no source" : "a value object names several sources: \(present.joined(separator: ", "))",
                expected: "exactly one of " + sourceKeys.joined(separator: ", "))
            return nil
        }
        let transforms = reader["transform"].map { Transform.readList($0, problems) } ?? []
        let source: ValueSource?
        switch key {
        case "path": source = member.valuePath(problems).map { .path($0) }
        case "header": source = member.string(problems, expected: "a header name").map { .header($0) }
        case "const":
            if member.value == .null {
                problems.report(
                    member.location, "a constant is null; fields are left out, never set to null", expected: "a string, number or boolean")
                source = nil
            } else {
                source = .constant(member.value)
            }
        case "template": source = readTemplate(member, problems).map { .template($0) }
        default:
            guard let alternatives = member.array(problems, expected: "an array of values"), !alternatives.isEmpty else {
                if member.value.arrayValue?.isEmpty == true {
                    problems.report(member.location, "'first' has no alternatives", expected: "at least one value")
                }
                return nil
            }
            let read = alternatives.compactMap { MappingValue.read($0, problems) }
            source = read.count == alternatives.count ? .first(read) : nil
        }
        guard let source else { return nil }
        return MappingValue(source: source, transforms: transforms, text: member.value.serialized())
    }

    private static func readTemplate(_ node: Node, _ problems: Problems) -> Template? {
        guard let text = node.string(problems, expected: "a template such as \"{$.type}:{$.id}\"") else { return nil }
        do {
            return try Template(text)
        } catch {
            problems.report(
                node.location, "invalid template: \(error.message) at offset \(error.offset)", expected: "text with {JSONPath} placeholders")
            return nil
        }
    }

    /// Reports constants this value can end with that `type` refuses, and
    /// transforms whose output `type` refuses.
    private func check(feeding type: FieldType, at location: Location, _ problems: Problems) {
        func checkConstant(_ constant: JSONValue, _ role: String) {
            if case .failure(let failure) = type.conform(constant) {
                problems.report(location, "\(role) \(failure.message)", expected: "\(type)")
            }
        }
        for transform in transforms.reversed() {
            switch transform {
            case .defaultValue(let fallback):
                checkConstant(fallback, "the default")
                continue
            case .lookup(let table):
                for result in table.values.sorted(by: { $0.serialized() < $1.serialized() }) { checkConstant(result, "the lookup result") }
            default:
                if let produced = transform.outputTypeName, produced != type.jsonTypeName {
                    problems.report(location, "the transforms produce a \(produced)", expected: "\(type)")
                }
            }
            return
        }
        switch source {
        case .constant(let constant): checkConstant(constant, "the constant")
        case .first(let alternatives): alternatives.forEach { $0.check(feeding: type, at: location, problems) }
        default: break
        }
    }
}
