/// One (customer, address) pair for the identity index: learned from an
/// update of a source authoritative for identities, or imported.
public struct LearnedIdentity: Sendable, Hashable {
    public var tenant: String?
    public var externalId: String
    public var address: IdentityAddress

    public init(tenant: String?, externalId: String, address: IdentityAddress) {
        self.tenant = tenant
        self.externalId = externalId
        self.address = address
    }
}
