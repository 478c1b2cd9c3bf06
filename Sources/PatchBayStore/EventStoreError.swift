/// Errors of an ``EventStore`` beyond those of its database.
public enum EventStoreError: Error, Hashable, CustomStringConvertible {
    /// The lease of this work expired and was taken over, or the work was already completed.
    case leaseLost(CustomerKey)
    /// No event has this id.
    case eventNotFound(EventID)
    /// The event still has updates in flight; try again once they are finished.
    case eventInFlight(EventID)
    /// An argument is outside its range.
    case invalidArgument(String)
    /// A stored value could not be read back.
    case corruptRecord(String)
    /// The store was closed.
    case closed
    /// The database failed its integrity check; the message says how to recover.
    case damaged(String)
    /// The delivery's single-use token was already claimed by a delivery
    /// with another body: a replay.
    case tokenReused(source: String)
    /// The store's identity index was hashed with another key than this
    /// instance's; the message says how to configure the same key.
    case identityKeyMismatch(String)
    /// The store was opened without an identity key, so it cannot look up
    /// or record identities.
    case noIdentityKey

    public var description: String {
        switch self {
        case .leaseLost(let customer): "the delivery lease for customer \(customer) was lost"
        case .eventNotFound(let id): "no event with id \(id)"
        case .eventInFlight(let id): "event \(id) has updates in flight"
        case .invalidArgument(let message): message
        case .corruptRecord(let message): "corrupt record: \(message)"
        case .closed: "the store is closed"
        case .damaged(let message): message
        case .tokenReused(let source): "the single-use token of this \(source) delivery was already used by another delivery"
        case .identityKeyMismatch(let message): message
        case .noIdentityKey: "the store was opened without an identity key, so it cannot look up or record identities"
        }
    }
}

extension EventStoreError {
    /// Throws ``invalidArgument(_:)`` unless a claim's `limit` is at least 1.
    static func checkClaimLimit(_ limit: Int) throws {
        guard limit >= 1 else { throw invalidArgument("the claim limit must be at least 1") }
    }
}
