import Foundation
import PatchBayCore

/// The store: the durable record of deliveries, their events and the updates still to send.
///
/// Implementations hide their storage and concurrency model: the SQLite
/// store (``SQLiteStore``) serves one process; a shared store serves several
/// instances, which is why delivery work is handed out under leases.
///
/// Life of an event: ``ingest(_:)`` logs it with its updates (pending);
/// a dispatcher calls ``claimNext(limit:now:pause:)`` for customers whose oldest
/// open update is due, sends one PATCH per ``CustomerWork`` and reports the
/// result with ``complete(_:outcome:attempt:)``.
public protocol EventStore: Sendable {
    // MARK: Ingest

    /// Durably logs a verified delivery, its events and their updates, all or
    /// nothing, before the listener answers 2xx.
    ///
    /// An event whose (source, idempotency key) is already logged — pending,
    /// delivered, dead or otherwise finished — is reported as a duplicate and
    /// stores nothing. Concurrent calls may share one transaction (group
    /// commit); each still succeeds or fails on its own.
    func ingest(_ delivery: IngestDelivery) async throws -> IngestReceipt

    /// Group-commit figures since the store was opened.
    func ingestStatistics() async -> IngestStatistics

    // MARK: Dispatch

    /// Returns to pending the updates a previous run left in flight, so they
    /// are delivered again. Call once at start-up. Returns how many there were.
    func recoverInFlight() async throws -> Int

    /// Claims up to `limit` customers whose oldest open update is pending and
    /// due at `now` (or whose lease expired), each with the updates at the head
    /// of its queue that one PATCH can carry: consecutive, due, with the same
    /// extra-fields choice. They stay in flight under a lease until completed.
    /// Each claimed update's attempt count goes up by one here, not when the
    /// attempt is completed: an attempt never completed still counts.
    ///
    /// With a `pause`, customers whose oldest open update belongs to a paused
    /// source are left pending and become due again at
    /// ``SourcePause/recheckAt``, and a claim carries no update of a paused
    /// source (see ``SourcePause``).
    func claimNext(limit: Int, now: Date, pause: SourcePause?) async throws -> [CustomerWork]

    /// Records the result of delivering `work` and an attempt row, and releases
    /// the customer's lease. Throws ``EventStoreError/leaseLost(_:)`` when
    /// the lease is no longer held (the attempt is then not recorded).
    func complete(_ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport) async throws

    /// Completes `work` as ``complete(_:outcome:attempt:)`` does, then claims
    /// as ``claimNext(limit:now:pause:)`` does, in one transaction: a
    /// dispatcher that has just finished a PATCH goes on with the next
    /// customer (possibly the same one, whose next update is now at the head)
    /// without waiting for a second commit.
    ///
    /// All or nothing: when it throws, neither the completion nor the claim
    /// was recorded, and ``complete(_:outcome:attempt:)`` alone may be tried.
    func complete(
        _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport, thenClaim limit: Int, now: Date, pause: SourcePause?
    ) async throws -> [CustomerWork]

    /// When the next customer becomes due (or a lease expires), if any.
    func nextDueTime() async throws -> Date?

    // MARK: Observation

    /// Events and updates by status. This counts the whole store, so it takes
    /// longer as history grows; ``backlog()`` does not.
    func statusCounts() async throws -> StatusCounts

    /// The open and waiting updates, and the age of the oldest open one.
    func backlog() async throws -> Backlog

    /// A page of events matching `query`, newest first.
    func events(matching query: EventQuery) async throws -> EventPage

    /// One event with its delivery, updates and attempts, or `nil` if not logged.
    func eventDetail(id: EventID) async throws -> EventDetail?

    // MARK: Repair

    /// Re-queues the updates of finished events: they become pending again,
    /// due at `now`, with fresh attempts and new sequence numbers at the end
    /// of their customers' queues.
    func replay(_ selection: ReplaySelection, now: Date) async throws -> ReplayReport

    /// The event and the raw delivery it came from, so it can be mapped again
    /// with the current mapping; `nil` if not logged.
    func rawDelivery(forEvent id: EventID) async throws -> (event: EventRecord, delivery: DeliveryRecord)?

    /// Replaces the updates of a re-mapped event by `mapping`, queued at `now`
    /// at the end of their customers' queues. The old updates and their
    /// attempts are deleted. Throws ``EventStoreError/eventInFlight(_:)``
    /// while any old update is in flight.
    func replaceUpdates(eventId: EventID, with mapping: EventMapping, now: Date) async throws

    // MARK: Identities

    /// Records identity records (a batch of an import) in one transaction:
    /// each record's addresses supersede the customer's earlier ones of the
    /// same kind, and the updates waiting for them are released in that
    /// transaction. Throws ``EventStoreError/noIdentityKey`` without a key.
    func recordIdentities(_ records: [IdentityRecord], now: Date) async throws -> IdentityRecordingReport

    /// The externalIds the index holds for `address` in `tenant` (`nil`: no tenant), sorted.
    func customers(for address: IdentityAddress, tenant: String?) async throws -> [String]

    /// Removes the index entries `erasure` names, in `tenant` or, when
    /// `nil`, in every tenant; returns how many were removed.
    func forgetIdentities(_ erasure: IdentityErasure, tenant: String?, now: Date) async throws -> Int

    /// The size of the index and the number of waiting updates.
    func identityStatistics() async throws -> IdentityStatistics

    /// Dead-letters the updates waiting for an identity since before
    /// `cutoff`, as `identity unknown`, in small transactions; returns how
    /// many. ``replay(_:now:)`` makes them wait again and resolves them.
    func expireWaitingUpdates(acceptedBefore cutoff: Date, now: Date) async throws -> Int

    // MARK: Retention

    /// Deletes events finished before `cutoff` (every status but pending),
    /// with their updates, attempts and — once none of its events is left —
    /// their delivery, in small transactions; also per-field event times older
    /// than `cutoff`. Pending events are never pruned. The idempotency keys of
    /// pruned events are forgotten: a later copy is accepted as new.
    func pruneFinished(before cutoff: Date) async throws -> PruneReport

    /// Closes the store; later calls throw.
    func close() async throws
}

extension EventStore {
    /// ``claimNext(limit:now:pause:)`` with no source paused.
    public func claimNext(limit: Int, now: Date) async throws -> [CustomerWork] {
        try await claimNext(limit: limit, now: now, pause: nil)
    }
}
