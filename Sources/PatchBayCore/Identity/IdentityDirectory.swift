/// An identity index held in memory, built from records: the fixture that
/// `patchbay map` and `check` (`--identities`) and a mapping's embedded
/// tests (`identities`) resolve lookups with, by the same rules as the store.
public struct IdentityDirectory: Sendable {
    private struct Entry: Hashable {
        let tenant: String?
        let address: IdentityAddress
    }

    private var customers: [Entry: [String]] = [:]

    /// A directory holding the pairs of `records`; an address listed for
    /// several customers names them all.
    public init(_ records: [IdentityRecord] = []) {
        for identity in records.flatMap(\.identities) {
            let entry = Entry(tenant: identity.tenant, address: identity.address)
            if customers[entry, default: []].contains(identity.externalId) { continue }
            customers[entry, default: []].append(identity.externalId)
        }
    }

    /// The externalIds holding `address` in `tenant`.
    public func externalIds(for address: IdentityAddress, tenant: String?) -> [String] {
        customers[Entry(tenant: tenant, address: address)] ?? []
    }

    /// The event's lookups resolved against the directory.
    public func resolve(_ event: MappedEvent) -> ResolvedLookups {
        var resolved = ResolvedLookups()
        for lookup in event.lookups {
            switch lookup.lookup.resolve({ externalIds(for: $0, tenant: lookup.tenant) }) {
            case .customers(let externalIds): resolved.updates += externalIds.map(lookup.update(for:))
            case .waitForAny, .waitForOne: resolved.waiting.append(lookup)
            case .ignored: resolved.ignored.append(lookup)
            }
        }
        return resolved
    }
}

/// What an event's lookups come to against an index.
public struct ResolvedLookups: Sendable {
    /// One update per customer found.
    public var updates: [CustomerUpdate] = []
    /// The lookups that would wait in `waiting_identity`.
    public var waiting: [LookupUpdate] = []
    /// The lookups dropped by `"whenUnresolved": "ignore"`.
    public var ignored: [LookupUpdate] = []
}
