/// The customer fields a mapping may set, their types and which hold
/// personal data: Reach's nine default fields, or a deployment's own JSON
/// Schema (see ``init(jsonSchema:file:)``).
public struct CustomerSchema: Sendable {
    /// One field of the customer record.
    public struct Field: Sendable, Hashable {
        /// The field's name in `data`.
        public let name: String
        /// The JSON type it takes.
        public let type: FieldType
        /// The kind of personal data it holds, if any.
        public let pii: PIIKind?

        public init(name: String, type: FieldType, pii: PIIKind? = nil) {
            self.name = name
            self.type = type
            self.pii = pii
        }
    }

    /// The fields in schema order.
    public let fields: [Field]
    private let byName: [String: Field]

    public init(fields: [Field]) {
        self.fields = fields
        self.byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field named `name`.
    public func field(named name: String) -> Field? { byName[name] }

    /// The fields holding personal data, by name, for log redaction.
    public var piiFields: [String: PIIKind] {
        Dictionary(uniqueKeysWithValues: fields.compactMap { field in field.pii.map { (field.name, $0) } })
    }

    /// Whether a rule setting `name` only changes consent or the address it
    /// was found by: a boolean field named `…OptOut` or `…OptIn`, or a field
    /// marked `EMAIL` or `PHONE`. A lookup rule that sets nothing else
    /// updates every customer sharing an address by default (`whenSeveral`).
    func isConsentOrAddress(_ name: String) -> Bool {
        guard let field = field(named: name) else { return false }
        if let pii = field.pii { return IdentityKind(pii: pii) != nil }
        return field.type == .boolean && (name.hasSuffix("OptOut") || name.hasSuffix("OptIn"))
    }

    /// The customer fields of ../shared/docs/reach-api.md.
    public static let reachDefault = CustomerSchema(fields: [
        Field(name: "customerId", type: .string, pii: .externalID),
        Field(name: "email", type: .string, pii: .email),
        Field(name: "phone", type: .string, pii: .phone),
        Field(name: "firstName", type: .string, pii: .firstName),
        Field(name: "lastName", type: .string, pii: .lastName),
        Field(name: "emailOptOut", type: .boolean),
        Field(name: "smsOptOut", type: .boolean),
        Field(name: "customerDetailUrl", type: .string),
        Field(name: "createdAt", type: .dateTime),
    ])
}
