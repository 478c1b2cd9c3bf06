/// A customer update whose customer is found by identity lookup when it is
/// logged (or, with a fixture, when it is mapped by `map` and `check`).
public struct LookupUpdate: Sendable, Hashable {
    /// The rule that produced it.
    public var rule: String
    /// The `reach-tenant-id` to send, and the tenant whose index is searched.
    public var tenant: String?
    /// How its customer is found.
    public var lookup: IdentityLookup
    /// The fields to change, in the order the rule lists them.
    public var data: JSONObject
    /// Whether the PATCH asks Reach to accept fields outside its schema.
    public var allowExtraFields: Bool

    public init(rule: String, tenant: String?, lookup: IdentityLookup, data: JSONObject, allowExtraFields: Bool) {
        self.rule = rule
        self.tenant = tenant
        self.lookup = lookup
        self.data = data
        self.allowExtraFields = allowExtraFields
    }

    /// The update for one customer the lookup found.
    public func update(for externalId: String) -> CustomerUpdate {
        CustomerUpdate(rule: rule, tenant: tenant, externalId: externalId, data: data, allowExtraFields: allowExtraFields)
    }
}
