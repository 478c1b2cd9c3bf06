/// One rule of a mapping: when its condition holds for an event, it
/// produces one customer update.
struct Rule: Sendable {
    /// One field the rule sets.
    struct FieldValue: Sendable {
        let name: String
        let value: MappingValue
        /// The schema's type for the field; `nil` for an extra field.
        let type: FieldType?
    }

    let name: String
    /// `nil`: the rule fires for every event.
    let condition: Condition?
    let externalId: MappingValue
    /// The fields in the order the mapping lists them.
    let fields: [FieldValue]
}
