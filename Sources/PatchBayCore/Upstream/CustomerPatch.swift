/// What one PATCH applies: whose customer record (tenant and external ID)
/// and which fields.
///
/// A mapping's ``CustomerUpdate`` makes one (``CustomerUpdate/patch``); the
/// dispatcher makes one from a customer's pending updates merged, which no
/// single rule produced.
public struct CustomerPatch: Sendable, Hashable {
    /// The `reach-tenant-id` to send, if any.
    public var tenant: String?
    /// The customer's external ID (the path segment of the PATCH).
    public var externalId: String
    /// The fields to change, in order.
    public var data: JSONObject
    /// Whether the PATCH asks Reach to accept fields outside its schema.
    public var allowExtraFields: Bool

    public init(tenant: String?, externalId: String, data: JSONObject, allowExtraFields: Bool) {
        self.tenant = tenant
        self.externalId = externalId
        self.data = data
        self.allowExtraFields = allowExtraFields
    }
}
