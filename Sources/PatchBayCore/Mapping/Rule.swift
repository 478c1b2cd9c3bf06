/// One rule of a mapping: when its condition holds for an event (or for
/// each element its `forEach` selects), it produces one customer update.
struct Rule: Sendable {
    /// One field the rule sets.
    struct FieldValue: Sendable {
        let name: String
        let value: MappingValue
        /// The schema's type for the field; `nil` for an extra field.
        let type: FieldType?
    }

    let name: String
    /// The elements the rule is applied to, one update each (`forEach`):
    /// its condition and values read each element as `@`, and the event
    /// as `$`. `nil`: the rule is applied once, to the event.
    let forEach: JSONPath?
    /// `nil`: the rule fires for every event.
    let condition: Condition?
    let externalId: CustomerReference
    /// What an update found by lookup does when no customer has the address.
    let whenUnresolved: WhenUnresolved
    /// What an update found by lookup does when several customers share the address.
    let whenSeveral: WhenSeveral
    /// The fields in the order the mapping lists them.
    let fields: [FieldValue]
    /// What a field whose value is invalid does to the event.
    let onFieldError: FieldErrorHandling
}

/// What a rule's field whose value is invalid (a transform fails, the type
/// does not fit) does: the rule's `"onFieldError"` key.
enum FieldErrorHandling: String, Sendable, CaseIterable {
    /// The field is left out and recorded as a problem of the event; the
    /// rest of the event is sent (the default).
    case omitField
    /// The whole event fails: nothing of it is sent.
    case failEvent
}
