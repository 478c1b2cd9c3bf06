extension CustomerSchema {
    /// Keywords that annotate a schema without changing what it accepts.
    private static let annotations = ["$schema", "$id", "$comment", "title", "description", "examples", "default", "required"]

    /// Reads a customer schema written as a JSON Schema (draft-07 subset): a
    /// top-level `"type": "object"` with `properties`, each with `type`
    /// (`string`, `boolean`, `number`, `integer`, optionally with `"null"`),
    /// optional `format` (`date-time` is checked) and `x-pii-type`; plus
    /// `additionalProperties` and annotation keywords. Any other keyword is a
    /// problem, so a schema never silently means less than it says.
    public init(jsonSchema: JSONValue, file: String?) throws(MappingLoadFailure) {
        let problems = Problems(file: file)
        let fields = CustomerSchema.readFields(Node(value: jsonSchema, location: .root), problems)
        guard problems.isEmpty else { throw MappingLoadFailure(problems: problems.all) }
        self.init(fields: fields)
    }

    private static func readFields(_ node: Node, _ problems: Problems) -> [Field] {
        guard
            let schema = ObjectReader(
                node, allowed: annotations + ["type", "properties", "additionalProperties"], problems: problems, expected: "a JSON Schema object")
        else {
            return []
        }
        if let type = schema.required("type", expected: "\"type\": \"object\""), type.value != "object" {
            problems.report(type.location, "the customer schema must describe an object", expected: "\"object\"")
        }
        if let additional = schema["additionalProperties"], additional.value.boolValue == nil {
            problems.report(additional.location, "is \(additional.value.typeName)", expected: "true or false")
        }
        guard let properties = schema.required("properties", expected: "an object of field definitions")?.members(problems) else {
            return []
        }
        return properties.compactMap { readField(name: $0.key, $0.node, problems) }
    }

    private static func readField(name: String, _ node: Node, _ problems: Problems) -> Field? {
        guard let property = ObjectReader(node, allowed: annotations + ["type", "format", "x-pii-type"], problems: problems) else {
            return nil
        }
        guard let typeNode = property.required("type", expected: "\"string\", \"boolean\", \"number\" or \"integer\"") else { return nil }
        var pii: PIIKind?
        if let piiNode = property["x-pii-type"], let text = piiNode.string(problems) {
            pii = PIIKind(rawValue: text)
            if pii == nil {
                problems.report(piiNode.location, "unknown PII type '\(text)'", expected: PIIKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        let format = property["format"].flatMap { $0.string(problems) }
        guard let type = fieldType(typeNode, format: format, problems) else { return nil }
        return Field(name: name, type: type, pii: pii)
    }

    private static func fieldType(_ node: Node, format: String?, _ problems: Problems) -> FieldType? {
        var names: [String] = []
        switch node.value {
        case .string(let name): names = [name]
        case .array(let elements): names = elements.compactMap(\.stringValue).filter { $0 != "null" }
        default: break
        }
        let expected = "\"string\", \"boolean\", \"number\" or \"integer\" (optionally in an array with \"null\")"
        guard names.count == 1 else {
            problems.report(node.location, "unsupported field type \(node.value.excerpt)", expected: expected)
            return nil
        }
        switch names[0] {
        case "string": return format == "date-time" ? .dateTime : .string
        case "boolean": return .boolean
        case "number": return .number
        case "integer": return .integer
        default:
            problems.report(node.location, "unsupported field type \(node.value.excerpt)", expected: expected)
            return nil
        }
    }
}
