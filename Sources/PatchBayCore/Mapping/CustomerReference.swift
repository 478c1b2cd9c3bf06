/// Where a rule finds its customer: the rule's `externalId`. A plain value
/// is the externalId itself; alternatives may look an address up in the
/// identity index (`{"lookup": "email", "path": "$.email"}`), tried in order.
struct CustomerReference: Sendable {
    /// One way to find the customer.
    enum Alternative: Sendable {
        /// The value is the externalId.
        case externalId(MappingValue)
        /// The value is an address of this kind, looked up in the index.
        case lookup(IdentityKind, MappingValue)

        var value: MappingValue {
            switch self {
            case .externalId(let value), .lookup(_, let value): value
            }
        }
    }

    let alternatives: [Alternative]
    /// How it was written, for messages.
    let text: String

    /// Whether any alternative is a lookup.
    var looksUp: Bool {
        alternatives.contains { if case .lookup = $0 { true } else { false } }
    }
}
