import PatchBayCore

/// What both stores' identity indexes share: the key they hash addresses with.
protocol IdentityIndex {
    var key: IdentityKey { get }
    init(key: IdentityKey)
}

extension IdentityIndex {
    /// The index of a store configured with `settings`, `nil` when they have no key.
    init?(_ settings: StoreSettings) {
        guard let key = settings.identityKey else { return nil }
        self.init(key: key)
    }

    /// `identities`, or ``EventStoreError/noIdentityKey`` for a store opened without a key.
    static func required(_ identities: Self?) throws -> Self {
        guard let identities else { throw EventStoreError.noIdentityKey }
        return identities
    }
}
