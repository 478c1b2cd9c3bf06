import PatchBayCore

/// Identifies one Reach customer: the tenant (sent as `reach-tenant-id`) and
/// the external id. Updates are ordered per customer key.
public struct CustomerKey: Sendable, Hashable, CustomStringConvertible {
    /// The tenant, when the mapping names one.
    public var tenant: String?
    /// The customer's external id in Reach.
    public var externalId: String

    /// A key for `externalId` in `tenant`.
    public init(tenant: String? = nil, externalId: String) {
        self.tenant = tenant
        self.externalId = externalId
    }

    /// The key as stored: the compact JSON array `[tenant, externalId]`
    /// (`null` without a tenant), unambiguous for every pair of strings.
    public var storageKey: String {
        JSONValue.array([tenant.map(JSONValue.string) ?? .null, .string(externalId)]).serialized()
    }

    public var description: String {
        tenant.map { "\($0)/\(externalId)" } ?? externalId
    }
}
