import PatchBayCore

/// What recording one identity record did to the index.
public enum IdentityChange: String, Sendable, Hashable, CaseIterable {
    /// The customer had no address of these kinds before.
    case added
    /// An address of the customer was replaced (superseded).
    case changed
    /// The index already held exactly these pairs.
    case unchanged
}

/// What ``PatchBayStore/recordIdentities(_:now:)`` did.
public struct IdentityRecordingReport: Sendable, Hashable {
    /// One change per record, in order.
    public var changes: [IdentityChange] = []
    /// How many waiting updates became pending.
    public var releasedUpdates = 0

    public init() {}
}

/// Which index entries an erasure request removes.
public enum IdentityErasure: Sendable, Hashable {
    /// Every address of this customer.
    case customer(externalId: String)
    /// This address, whoever holds it.
    case address(IdentityAddress)
}

/// The size of the identity index and its backlog.
public struct IdentityStatistics: Sendable, Hashable, Codable {
    /// Index entries by kind (`email`, `phone`).
    public var entries: [String: Int]
    /// Customers with at least one entry.
    public var customers: Int
    /// Updates waiting for an identity.
    public var waitingUpdates: Int

    public init(entries: [String: Int], customers: Int, waitingUpdates: Int) {
        self.entries = entries
        self.customers = customers
        self.waitingUpdates = waitingUpdates
    }
}
