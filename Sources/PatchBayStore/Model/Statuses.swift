/// Where a logged event stands.
///
/// An event is finished when it is neither ``pending`` nor
/// ``waitingIdentity``; only finished events are pruned by retention.
public enum EventStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// At least one of its updates is pending or in flight.
    case pending
    /// None of its updates is pending or in flight, and at least one waits
    /// for its customer's identity (see ``UpdateStatus/waitingIdentity``).
    case waitingIdentity = "waiting_identity"
    /// Every update was delivered or skipped as stale (see ``UpdateStatus/skippedStale``).
    case delivered
    /// Every update is finished and at least one was dead-lettered.
    case dead
    /// No mapping rule matched: the event produced no update.
    case ignored
    /// The mapping failed for this event (``EventRecord/error`` says why); it produced no update.
    case failedMapping = "failed_mapping"

    /// Whether nothing of the event waits any more: retention may prune it.
    public var isFinished: Bool { self != .pending && self != .waitingIdentity }
}

/// Where one customer update stands.
public enum UpdateStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting to be sent at ``UpdateRecord/nextAttemptAt``.
    case pending
    /// Claimed by a dispatcher under a lease; its PATCH is being sent.
    case inFlight = "in_flight"
    /// Upstream accepted the PATCH that carried it.
    case delivered
    /// Upstream refused it for good, or it ran out of attempts.
    case dead
    /// Every field it sets had a newer value already applied for the customer.
    case skippedStale = "skipped_stale"
    /// Its customer is found by identity lookup and the index names none
    /// yet (or several, when the rule waits for one). It becomes pending when
    /// the identity is learned or imported, or dead (`identity unknown`)
    /// after the wait limit.
    case waitingIdentity = "waiting_identity"

    /// Whether the update still waits for (or is in) delivery.
    public var isOpen: Bool { self == .pending || self == .inFlight }
    /// Whether nothing more happens to the update unless it is replayed:
    /// neither open nor waiting for an identity.
    public var isFinished: Bool { !isOpen && self != .waitingIdentity }
}

/// How one delivery attempt ended.
public enum AttemptOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// Upstream accepted the PATCH.
    case delivered
    /// The attempt failed in a way worth retrying.
    case retry
    /// The attempt failed for good; its updates are dead-lettered.
    case dead
    /// Nothing was sent: every update of the work was stale.
    case skippedStale = "skipped_stale"
}
