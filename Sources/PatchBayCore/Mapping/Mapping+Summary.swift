extension Mapping {
    /// What a mapping does, in brief, for catalogues and generated docs: each
    /// rule's name, the event names it fires for and the fields it sets.
    public struct RuleSummary: Sendable, Hashable {
        public let name: String
        /// The strings the rule's condition requires a value to equal (its
        /// `equals` and `oneOf` tests outside a `not`), in order: the event
        /// types, topics or keywords it fires for. Empty when it tests none.
        public let events: [String]
        /// The fields the rule sets, in the mapping's order.
        public let fields: [String]
    }

    /// Every rule in brief, in the mapping's order.
    public var ruleSummaries: [RuleSummary] {
        rules.map { rule in
            RuleSummary(name: rule.name, events: rule.condition.map(Self.requiredStrings) ?? [], fields: rule.fields.map(\.name))
        }
    }

    private static func requiredStrings(_ condition: Condition) -> [String] {
        switch condition {
        case .all(let conditions), .any(let conditions):
            return conditions.flatMap(requiredStrings)
        case .not:
            return []
        case .test(_, let tests):
            return tests.flatMap { test -> [String] in
                switch test {
                case .equals(let value, _): [value.stringValue].compactMap { $0 }
                case .oneOf(let values, _): values.compactMap(\.stringValue)
                default: []
                }
            }
        }
    }
}
