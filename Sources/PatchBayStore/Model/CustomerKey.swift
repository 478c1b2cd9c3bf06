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

    /// The key stored as `storageKey`: a claim reads its customer from the
    /// key it leases, so that the PATCH goes to exactly the customer the
    /// update was logged for and its completion finds the same lease, even
    /// if the tenant and externalId columns were to read back otherwise.
    init(storageKey: String) throws {
        guard case .array(let parts)? = try? JSONParser().parse(storageKey), parts.count == 2,
            case .string(let externalId) = parts[1]
        else { throw EventStoreError.corruptRecord("stored customer key \(storageKey) is not [tenant, externalId]") }
        switch parts[0] {
        case .null: self.init(externalId: externalId)
        case .string(let tenant): self.init(tenant: tenant, externalId: externalId)
        default: throw EventStoreError.corruptRecord("stored customer key \(storageKey) is not [tenant, externalId]")
        }
    }

    /// Why the key must not be sent — its tenant or externalId is not a
    /// valid ``IdentityValue`` (an update logged before mapping checked them) —
    /// or `nil` when it may.
    public var identityViolation: String? {
        if let tenant, let violation = IdentityValue.violation(in: tenant) { return "the tenant \(violation)" }
        return IdentityValue.violation(in: externalId).map { "the externalId \($0)" }
    }

    public var description: String {
        tenant.map { "\($0)/\(externalId)" } ?? externalId
    }
}
