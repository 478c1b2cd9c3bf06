/// How an update finds its customer when the event carries an address
/// rather than an externalId: the addresses to look up in order, then what
/// to do when none resolves.
public struct IdentityLookup: Sendable, Hashable {
    /// The event's addresses, in the order the rule's alternatives list them
    /// (alternatives whose value was missing are left out).
    public var addresses: [IdentityAddress]
    /// The externalId of a path alternative after the lookups, used when no
    /// address resolves.
    public var fallback: String?
    public var whenUnresolved: WhenUnresolved
    public var whenSeveral: WhenSeveral

    public init(addresses: [IdentityAddress], fallback: String? = nil, whenUnresolved: WhenUnresolved = .wait, whenSeveral: WhenSeveral = .all) {
        self.addresses = addresses
        self.fallback = fallback
        self.whenUnresolved = whenUnresolved
        self.whenSeveral = whenSeveral
    }

    /// What the lookup comes to, given `find`, which returns the externalIds
    /// the index holds for an address (in the update's tenant). The first
    /// address that names a customer decides; several customers are all
    /// updated or waited on as ``whenSeveral`` says. When none does: the
    /// fallback, else ``whenUnresolved``.
    public func resolve<Failure: Error>(_ find: (IdentityAddress) throws(Failure) -> [String]) throws(Failure) -> LookupResolution {
        switch try Self.firstMatch(addresses, whenSeveral: whenSeveral, find) {
        case .customers(let externalIds): return .customers(externalIds)
        case .several(let address): return .waitForOne(address)
        case .none: break
        }
        if let fallback { return .customers([fallback]) }
        switch whenUnresolved {
        case .wait: return .waitForAny
        case .ignore: return .ignored
        case .useValue:
            guard let first = addresses.first else { return .ignored }
            return .customers([first.value])
        }
    }

    /// The customers the first of `addresses` that names any decides on:
    /// one, or several when `whenSeveral` is ``WhenSeveral/all`` (sorted);
    /// with ``WhenSeveral/wait``, several stop the search. The store applies
    /// the same rule to the hashes a waiting update keeps.
    public static func firstMatch<Address, Failure: Error>(
        _ addresses: [Address], whenSeveral: WhenSeveral, _ find: (Address) throws(Failure) -> [String]
    ) throws(Failure) -> Match<Address> {
        for address in addresses {
            let externalIds = try find(address)
            if externalIds.count == 1 || (externalIds.count > 1 && whenSeveral == .all) { return .customers(externalIds.sorted()) }
            if externalIds.count > 1 { return .several(address) }
        }
        return .none
    }

    /// See ``firstMatch(_:whenSeveral:_:)``.
    public enum Match<Address> {
        case customers([String])
        case several(Address)
        case none
    }
}

/// What an ``IdentityLookup`` comes to against the index at one moment.
public enum LookupResolution: Sendable, Hashable {
    /// The update goes to each of these externalIds.
    case customers([String])
    /// No address names a customer: the update waits for one to be learned.
    case waitForAny
    /// The address names several customers and the rule waits for one.
    case waitForOne(IdentityAddress)
    /// No address names a customer and the rule ignores such events.
    case ignored

    /// Whether the update waits in `waiting_identity`.
    public var waits: Bool {
        switch self {
        case .waitForAny, .waitForOne: true
        case .customers, .ignored: false
        }
    }
}
