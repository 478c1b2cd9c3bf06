/// The JSON type a customer field takes.
public enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string
    /// A string holding an RFC 3339 date-time (`"format": "date-time"`).
    case dateTime
    case boolean
    case number
    case integer

    public var description: String {
        switch self {
        case .string: "a string"
        case .dateTime: "an RFC 3339 date-time string"
        case .boolean: "a boolean"
        case .number: "a number"
        case .integer: "an integer"
        }
    }

    /// The JSON type's name: `string`, `boolean` or `number`.
    var jsonTypeName: String {
        switch self {
        case .string, .dateTime: "string"
        case .boolean: "boolean"
        case .number, .integer: "number"
        }
    }

    /// `value` as this type would send it, or why it cannot be. Numbers
    /// become their exact text for string fields (Shopify ids are numbers).
    func conform(_ value: JSONValue) -> Result<JSONValue, TransformFailure> {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.number, .number):
            return .success(value)
        case (.string, .number(let number)):
            return .success(.string(number.text))
        case (.dateTime, .string(let text)):
            guard Self.isRFC3339DateTime(text) else {
                return .failure(TransformFailure("\(value.excerpt) is not an RFC 3339 date-time (add a \"date\" transform)"))
            }
            return .success(value)
        case (.integer, .number(let number)) where number.isIntegral:
            return .success(value)
        case (.boolean, .string):
            return .failure(TransformFailure("\(value.excerpt) is a string, expected a boolean (add the \"boolean\" transform)"))
        default:
            return .failure(TransformFailure("\(value.excerpt) is \(value.typeArticle), expected \(self)"))
        }
    }
}

extension JSONValue {
    /// The type's name with its article: `a string`, `an object`.
    var typeArticle: String {
        switch self {
        case .array, .object: "an \(typeName)"
        default: "a \(typeName)"
        }
    }
}

extension FieldType {
    /// Whether `text` is a complete RFC 3339 date-time (date, time with
    /// seconds, and a zone), as ``dateTime`` fields require.
    public static func isRFC3339DateTime(_ text: String) -> Bool {
        ISO8601Reader.read(text, strict: true) != nil
    }
}
