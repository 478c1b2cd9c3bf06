import Foundation
import PatchBayCore
import PatchBayStore
import Synchronization

/// A store whose first `completionFailures` calls to `complete`, and first
/// `ingestFailures` calls to `ingest`, fail with `error` (by default like a
/// full disk); with `holdFirstRead`, the first `nextDueTime` answers only after
/// ``releaseFirstRead()`` (a log that hangs);
/// everything else goes to `base`.
final class FaultyStore: EventStore {
    private let base: any EventStore
    private let holdFirstRead: Bool
    private let firstReadRelease = Mutex<(released: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
    private let dueTimeReads = Mutex(0)
    private let remainingCompletionFailures: Mutex<Int>
    private let remainingIngestFailures: Mutex<Int>
    private let failed = Mutex(0)
    private let error: any Error

    init(
        _ base: any EventStore, completionFailures: Int = 0, ingestFailures: Int = 0, error: any Error = DiskFull(),
        holdFirstRead: Bool = false
    ) {
        self.base = base
        self.holdFirstRead = holdFirstRead
        self.remainingCompletionFailures = Mutex(completionFailures)
        self.remainingIngestFailures = Mutex(ingestFailures)
        self.error = error
    }

    var failedCompletions: Int { failed.withLock { $0 } }
    /// How often `nextDueTime` was called.
    var nextDueTimeCalls: Int { dueTimeReads.withLock { $0 } }

    /// Lets the held first `nextDueTime` answer.
    func releaseFirstRead() {
        firstReadRelease.withLock { state in
            defer { state = (true, nil) }
            return state.waiter
        }?.resume()
    }

    struct DiskFull: Error {}

    /// Whether the next call counted by `remaining` fails, counting it down.
    private static func failsNext(_ remaining: borrowing Mutex<Int>) -> Bool {
        remaining.withLock { remaining in
            defer { remaining = max(0, remaining - 1) }
            return remaining > 0
        }
    }

    func complete(_ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport) async throws {
        try failCompletionIfDue()
        try await base.complete(work, outcome: outcome, attempt: attempt)
    }

    func complete(
        _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport, thenClaim limit: Int, now: Date, pause: SourcePause?
    ) async throws -> [CustomerWork] {
        try failCompletionIfDue()
        return try await base.complete(work, outcome: outcome, attempt: attempt, thenClaim: limit, now: now, pause: pause)
    }

    /// Throws `error` while completions are still to fail.
    private func failCompletionIfDue() throws {
        guard Self.failsNext(remainingCompletionFailures) else { return }
        failed.withLock { $0 += 1 }
        throw error
    }

    func ingest(_ delivery: IngestDelivery) async throws -> IngestReceipt {
        if Self.failsNext(remainingIngestFailures) { throw error }
        return try await base.ingest(delivery)
    }
    func ingestStatistics() async -> IngestStatistics { await base.ingestStatistics() }
    func recoverInFlight() async throws -> Int { try await base.recoverInFlight() }
    func claimNext(limit: Int, now: Date, pause: SourcePause?) async throws -> [CustomerWork] {
        try await base.claimNext(limit: limit, now: now, pause: pause)
    }
    func nextDueTime() async throws -> Date? {
        let first = dueTimeReads.withLock { reads in
            defer { reads += 1 }
            return reads == 0
        }
        if first && holdFirstRead {
            await withCheckedContinuation { continuation in
                let released = firstReadRelease.withLock { state in
                    if !state.released { state.waiter = continuation }
                    return state.released
                }
                if released { continuation.resume() }
            }
        }
        return try await base.nextDueTime()
    }
    func statusCounts() async throws -> StatusCounts { try await base.statusCounts() }
    func backlog() async throws -> Backlog { try await base.backlog() }
    func events(matching query: EventQuery) async throws -> EventPage { try await base.events(matching: query) }
    func eventDetail(id: EventID) async throws -> EventDetail? { try await base.eventDetail(id: id) }
    func replay(_ selection: ReplaySelection, now: Date) async throws -> ReplayReport {
        try await base.replay(selection, now: now)
    }
    func rawDelivery(forEvent id: EventID) async throws -> (event: EventRecord, delivery: DeliveryRecord)? {
        try await base.rawDelivery(forEvent: id)
    }
    func replaceUpdates(eventId: EventID, with mapping: EventMapping, now: Date) async throws {
        try await base.replaceUpdates(eventId: eventId, with: mapping, now: now)
    }
    func recordIdentities(_ records: [IdentityRecord], now: Date) async throws -> IdentityRecordingReport {
        try await base.recordIdentities(records, now: now)
    }
    func customers(for address: IdentityAddress, tenant: String?) async throws -> [String] {
        try await base.customers(for: address, tenant: tenant)
    }
    func forgetIdentities(_ erasure: IdentityErasure, tenant: String?, now: Date) async throws -> Int {
        try await base.forgetIdentities(erasure, tenant: tenant, now: now)
    }
    func identityStatistics() async throws -> IdentityStatistics { try await base.identityStatistics() }
    func expireWaitingUpdates(acceptedBefore cutoff: Date, now: Date) async throws -> Int {
        try await base.expireWaitingUpdates(acceptedBefore: cutoff, now: now)
    }
    func pruneFinished(before cutoff: Date) async throws -> PruneReport { try await base.pruneFinished(before: cutoff) }
    func close() async throws { try await base.close() }
}
