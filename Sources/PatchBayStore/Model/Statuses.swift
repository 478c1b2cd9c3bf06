/// Where a logged event stands.
///
/// An event is finished when it is not ``pending``; only finished events are
/// pruned by retention.
public enum EventStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// At least one of its updates is pending or in flight.
    case pending
    /// Every update was delivered or skipped as stale (see ``UpdateStatus/skippedStale``).
    case delivered
    /// Every update is finished and at least one was dead-lettered.
    case dead
    /// No mapping rule matched: the event produced no update.
    case ignored
    /// The mapping failed for this event (``EventRecord/error`` says why); it produced no update.
    case failedMapping = "failed_mapping"
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

    /// Whether the update still waits for (or is in) delivery.
    public var isOpen: Bool { self == .pending || self == .inFlight }
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
