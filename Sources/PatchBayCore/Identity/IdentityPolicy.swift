/// What an update found by identity lookup does when no customer has the address.
public enum WhenUnresolved: String, Sendable, Hashable, CaseIterable {
    /// It is logged and waits (`waiting_identity`) until the address is
    /// learned or imported, or dead-lettered as `identity unknown` after
    /// the wait limit (the default).
    case wait
    /// It is dropped and counted, like a rule that matched nothing.
    case ignore
    /// The address itself becomes the externalId.
    case useValue
}

/// What an update found by identity lookup does when several customers
/// share the address (a family's phone).
public enum WhenSeveral: String, Sendable, Hashable, CaseIterable {
    /// Every one of them gets the update, each as its own PATCH.
    case all
    /// It waits until the address names one customer.
    case wait
}
