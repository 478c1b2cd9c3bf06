/// A partial update of one Reach customer, produced by one rule for one
/// event: only the fields the rule could fill, never `null`.
public struct CustomerUpdate: Sendable, Hashable {
    /// The rule that produced it.
    public var rule: String
    /// The `reach-tenant-id` to send, if the mapping names a tenant.
    public var tenant: String?
    /// The customer's external ID (the path segment of the PATCH).
    public var externalId: String
    /// The fields to change, in the order the rule lists them.
    public var data: JSONObject
    /// Whether the PATCH asks Reach to accept fields outside its schema.
    public var allowExtraFields: Bool

    public init(rule: String, tenant: String?, externalId: String, data: JSONObject, allowExtraFields: Bool) {
        self.rule = rule
        self.tenant = tenant
        self.externalId = externalId
        self.data = data
        self.allowExtraFields = allowExtraFields
    }

    /// What its PATCH applies.
    public var patch: CustomerPatch {
        CustomerPatch(tenant: tenant, externalId: externalId, data: data, allowExtraFields: allowExtraFields)
    }
}
