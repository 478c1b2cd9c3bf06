/// One test of a condition's value. A missing value fails every test but
/// `exists: false`.
enum ValueTest: Sendable {
    /// Equal as JSON (numbers by exact value); strings compared
    /// case-insensitively when `ignoreCase` (the expected text is stored
    /// lowercased).
    case equals(JSONValue, ignoreCase: Bool)
    /// Equal to one of the values.
    case oneOf([JSONValue], ignoreCase: Bool)
    /// Present (`true`) or missing (`false`).
    case exists(Bool)
    /// A string (or number's text) starting with the prefix.
    case prefix(String, ignoreCase: Bool)
    /// A string (or number's text) in which the regular expression finds a match.
    case regex(CompiledRegex)
    /// A number, or a string holding one, compared with a bound.
    case compare(NumericComparison, JSONNumber)

    enum NumericComparison: String, CaseIterable {
        case lessThan = "lt"
        case lessThanOrEqual = "le"
        case greaterThan = "gt"
        case greaterThanOrEqual = "ge"
    }

    func holds(for value: JSONValue?) -> Bool {
        if case .exists(let expected) = self { return (value != nil) == expected }
        guard let value else { return false }
        switch self {
        case .equals(let expected, let ignoreCase):
            return ValueTest.equal(value, expected, ignoreCase: ignoreCase)
        case .oneOf(let candidates, let ignoreCase):
            return candidates.contains { ValueTest.equal(value, $0, ignoreCase: ignoreCase) }
        case .prefix(let prefix, let ignoreCase):
            guard let text = ValueTest.text(value) else { return false }
            return (ignoreCase ? text.lowercased() : text).hasPrefix(prefix)
        case .regex(let regex):
            guard let text = ValueTest.text(value) else { return false }
            return regex.matches(in: text)
        case .compare(let comparison, let bound):
            let number: JSONNumber?
            switch value {
            case .number(let n): number = n
            case .string(let s): number = JSONNumber(text: s.trimmingWhitespace)
            default: number = nil
            }
            guard let number else { return false }
            switch comparison {
            case .lessThan: return number < bound
            case .lessThanOrEqual: return number <= bound
            case .greaterThan: return number > bound
            case .greaterThanOrEqual: return number >= bound
            }
        case .exists:
            return true
        }
    }

    private static func equal(_ value: JSONValue, _ expected: JSONValue, ignoreCase: Bool) -> Bool {
        if ignoreCase, case .string(let text) = value, case .string(let lowered) = expected {
            return text.lowercased() == lowered
        }
        return value == expected
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let string): string
        case .number(let number): number.text
        default: nil
        }
    }
}
