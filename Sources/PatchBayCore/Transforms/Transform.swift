/// One step applied to a value after it is read from the event. A missing
/// value (`nil`) passes through every step except ``defaultValue(_:)``.
enum Transform: Sendable {
    /// Strips leading and trailing whitespace.
    case trim
    case lowercase
    case uppercase
    /// Normalizes a phone number to E.164, national numbers being of the
    /// given country.
    case e164(defaultCountry: CallingCountry?)
    /// The first name of a full name.
    case firstName
    /// The last name of a full name (missing for a single word).
    case lastName
    /// Reads a date in the format and writes it as RFC 3339 UTC.
    case date(DateFormat)
    /// Coerces yes/no values to `true`/`false`.
    case boolean
    /// Replaces a value by the table's entry for its text; missing when the
    /// table has none.
    case lookup([String: JSONValue])
    /// The value to use when there is none.
    case defaultValue(JSONValue)

    /// Applies the step to `value`.
    func apply(_ value: JSONValue?) throws(TransformFailure) -> JSONValue? {
        if case .defaultValue(let fallback) = self { return value ?? fallback }
        guard let value else { return nil }
        switch self {
        case .trim: return .string(try Transform.text(value, for: "trim").trimmingWhitespace)
        case .lowercase: return .string(CaseMapping.lowercased(try Transform.text(value, for: "lowercase")))
        case .uppercase: return .string(CaseMapping.uppercased(try Transform.text(value, for: "uppercase")))
        case .e164(let country): return .string(try PhoneNumber.e164(Transform.text(value, for: "e164"), defaultCountry: country))
        case .firstName: return PersonName.split(try Transform.text(value, for: "firstName")).first.map(JSONValue.string)
        case .lastName: return PersonName.split(try Transform.text(value, for: "lastName")).last.map(JSONValue.string)
        case .date(let format): return .string(try format.timestamp(from: value).rfc3339)
        case .boolean: return .bool(try BooleanCoercion.coerce(value))
        case .lookup(let table): return table[try Transform.text(value, for: "lookup")]
        case .defaultValue: return value
        }
    }

    /// The type every output of the step has, when it is fixed.
    var outputTypeName: String? {
        switch self {
        case .trim, .lowercase, .uppercase, .e164, .firstName, .lastName, .date: "string"
        case .boolean: "boolean"
        case .lookup, .defaultValue: nil
        }
    }

    /// The text of a string, number or Boolean; other values fail `step`.
    private static func text(_ value: JSONValue, for step: String) throws(TransformFailure) -> String {
        switch value {
        case .string(let string): return string
        case .number(let number): return number.text
        case .bool(let bool): return bool ? "true" : "false"
        default: throw TransformFailure("\"\(step)\" expects a string, got \(value.typeArticle)")
        }
    }
}
