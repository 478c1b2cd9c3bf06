import Foundation
import Logging
import PatchBayCore
import PostgresNIO

/// The shared store: any number of `patchbay serve` instances on one
/// PostgreSQL database (postgres-nio, with its connection pool).
///
/// Same semantics as ``SQLiteStore``, across instances: deduplication by a
/// unique constraint; delivery work claimed under leases with
/// `FOR UPDATE SKIP LOCKED`, so each customer is served by one instance at a
/// time, in acceptance order; an instance's expired leases are taken over by
/// the others; ``recoverInFlight()`` releases only this instance's leases
/// (``StoreSettings/instanceId``). Instance clocks must agree to well within
/// the lease duration. Ingest uses group commit (see ``GroupCommitter``).
public final class PostgresStore: EventStore {
    private let lease: PostgresLease
    private let runner: Task<Void, Never>
    private let settings: StoreSettings
    /// The identity index, `nil` without an identity key.
    private let identities: PostgresIdentities?
    private let committer: GroupCommitter<IngestDelivery, IngestReceipt>

    /// Connects, migrates the schema (safe when several instances start at
    /// once) and starts the connection pool. Throws ``PostgresStoreError``
    /// when the server cannot be reached or the schema not migrated.
    public init(configuration: PostgresStoreConfiguration, logger: Logger = Logger(label: "patchbay.store")) async throws {
        try configuration.settings.validate()
        guard configuration.maximumConnections >= 1 else {
            throw EventStoreError.invalidArgument("the PostgreSQL connection limit must be at least 1")
        }
        guard configuration.concurrentCommits >= 1 else {
            throw EventStoreError.invalidArgument("the number of concurrent PostgreSQL commits must be at least 1")
        }
        guard configuration.connectionWait > .zero else {
            throw EventStoreError.invalidArgument("the wait for a PostgreSQL connection must be positive")
        }
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try configuration.connection.connectionConfiguration(), id: 0, logger: logger)
            do {
                let session = PostgresSession(connection: connection, logger: logger)
                try await PostgresSchema.migrate(session)
                if let key = configuration.settings.identityKey {
                    try await session.transaction { try await PostgresIdentities.checkKey(session, key) }
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch IdentityKeyCheck.mismatch {
            let connection = configuration.connection
            throw EventStoreError.identityKeyMismatch(
                IdentityKeyCheck.message(location: "PostgreSQL \(connection.host):\(connection.port)/\(connection.database)"))
        } catch {
            let connection = configuration.connection
            throw PostgresStoreError(
                server: "\(connection.host):\(connection.port)/\(connection.database)",
                reason: PostgresStoreError.reason(for: error))
        }
        let client = PostgresClient(
            configuration: configuration.connection.clientConfiguration(maximumConnections: configuration.maximumConnections),
            backgroundLogger: logger)
        // Started at once, before init returns, so the first query finds the
        // pool running (a plain Task may not have run yet: postgres-nio then
        // warns that `run()` hasn't been called). Older macOS lacks Task.immediate.
        let runner: Task<Void, Never>
        if #available(macOS 26.0, *) {
            runner = Task.immediate { await client.run() }
        } else {
            runner = Task { await client.run() }
        }
        let lease = PostgresLease(client: client, logger: logger, wait: configuration.connectionWait)
        self.lease = lease
        self.runner = runner
        self.settings = configuration.settings
        let identities = PostgresIdentities(configuration.settings)
        self.identities = identities
        self.committer = GroupCommitter(
            maximumBatch: configuration.maximumGroupCommit, maximumConcurrentBatches: configuration.concurrentCommits,
            onCommit: configuration.onGroupCommit
        ) { deliveries in
            try await lease.run { session in
                try await PostgresIngest.write(session, identities: identities, deliveries)
                    .map { $0.mapError { PostgresFailure.readable($0) } }
            }
        }
    }

    /// Runs `body` on a pooled connection (see ``PostgresLease``).
    private func withSession<Result: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> Result) async throws -> Result {
        try await lease.run(body)
    }

    public func ingest(_ delivery: IngestDelivery) async throws -> IngestReceipt {
        try delivery.checkStoredText()
        return try await committer.submit(delivery)
    }

    public func ingestStatistics() async -> IngestStatistics {
        committer.statistics
    }

    public func recoverInFlight() async throws -> Int {
        try await withSession { [settings] in try await PostgresDispatch.recoverInFlight($0, owner: settings.instanceId) }
    }

    public func claimNext(limit: Int, now: Date, pause: SourcePause?) async throws -> [CustomerWork] {
        try EventStoreError.checkClaimLimit(limit)
        return try await withSession { [settings] in
            try await PostgresDispatch.claim($0, limit: limit, now: now, pause: pause, settings: settings)
        }
    }

    public func complete(_ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport) async throws {
        try await withSession { [settings] in
            try await PostgresDispatch.complete($0, work, outcome: outcome, attempt: attempt, settings: settings)
        }
    }

    public func complete(
        _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport, thenClaim limit: Int, now: Date, pause: SourcePause?
    ) async throws -> [CustomerWork] {
        try EventStoreError.checkClaimLimit(limit)
        return try await withSession { [settings] in
            try await PostgresDispatch.complete(
                $0, work, outcome: outcome, attempt: attempt, thenClaim: limit, now: now, pause: pause, settings: settings)
        }
    }

    public func nextDueTime() async throws -> Date? {
        try await withSession(PostgresQueries.nextDueTime)
    }

    public func statusCounts() async throws -> StatusCounts {
        try await withSession { session in try await session.snapshot { try await PostgresQueries.statusCounts(session) } }
    }

    public func backlog() async throws -> Backlog {
        try await withSession { session in try await session.snapshot { try await PostgresQueries.backlog(session) } }
    }

    public func events(matching query: EventQuery) async throws -> EventPage {
        try query.checkStoredText()
        return try await withSession { try await PostgresQueries.events($0, matching: query) }
    }

    public func eventDetail(id: EventID) async throws -> EventDetail? {
        try await withSession { session in try await session.snapshot { try await PostgresQueries.eventDetail(session, id: id) } }
    }

    public func replay(_ selection: ReplaySelection, now: Date) async throws -> ReplayReport {
        if case .dead(let source) = selection { try StoredText.check(source, "the source") }
        return try await withSession { [settings, identities] session in
            switch selection {
            case .events(let ids):
                return try await session.transaction {
                    try await PostgresRepair.replay(session, events: ids, now: now, identities: identities)
                }
            case .dead(let source):
                return try await Maintenance.replayDead {
                    try await session.transaction {
                        let ids = try await PostgresRepair.deadEvents(
                            session, source: source, limit: settings.maintenanceBatchSize)
                        return try await PostgresRepair.replay(session, events: ids, now: now, identities: identities)
                    }
                }
            }
        }
    }

    public func rawDelivery(forEvent id: EventID) async throws -> (event: EventRecord, delivery: DeliveryRecord)? {
        let found = try await withSession { session in
            try await session.snapshot { () async throws -> RawDelivery? in
                guard let event = try await PostgresQueries.event(session, id: id) else { return nil }
                return RawDelivery(event: event, delivery: try await PostgresQueries.delivery(session, id: event.deliveryId))
            }
        }
        return found.map { ($0.event, $0.delivery) }
    }

    public func replaceUpdates(eventId: EventID, with mapping: EventMapping, now: Date) async throws {
        try mapping.checkStoredText()
        try await withSession { [identities] session in
            try await session.transaction {
                try await PostgresRepair.replaceUpdates(
                    session, eventId: eventId, with: mapping, now: now, identities: identities)
            }
        }
    }

    public func recordIdentities(_ records: [IdentityRecord], now: Date) async throws -> IdentityRecordingReport {
        let identities = try PostgresIdentities.required(identities)
        for record in records { try record.checkStoredText() }
        let nowMillis = try StoreCodec.millis(now)
        return try await withSession { session in
            try await session.transaction {
                try await identities.lockAll(session, records.flatMap(\.identities))
                var report = IdentityRecordingReport()
                var readyAt: [String: Int64] = [:]
                for record in records {
                    let (change, released) = try await identities.learn(session, record.identities, now: nowMillis)
                    report.changes.append(change)
                    report.releasedUpdates += released.count
                    for key in released { readyAt[key] = nowMillis }
                }
                try await PostgresBookkeeping.enqueueCustomers(session, readyAt)
                return report
            }
        }
    }

    public func customers(for address: IdentityAddress, tenant: String?) async throws -> [String] {
        let identities = try PostgresIdentities.required(identities)
        try StoredText.check(tenant, "the tenant")
        return try await withSession { try await identities.externalIds($0, tenant: tenant, address: address) }
    }

    public func forgetIdentities(_ erasure: IdentityErasure, tenant: String?, now: Date) async throws -> Int {
        let identities = try PostgresIdentities.required(identities)
        try erasure.checkStoredText()
        try StoredText.check(tenant, "the tenant")
        let nowMillis = try StoreCodec.millis(now)
        return try await withSession { session in
            try await session.transaction {
                let (removed, released) = try await identities.forget(session, erasure, tenant: tenant, now: nowMillis)
                try await PostgresBookkeeping.enqueueCustomers(
                    session, Dictionary(released.map { ($0, nowMillis) }, uniquingKeysWith: { first, _ in first }))
                return removed
            }
        }
    }

    public func identityStatistics() async throws -> IdentityStatistics {
        try await withSession { session in try await session.snapshot { try await PostgresIdentities.statistics(session) } }
    }

    public func expireWaitingUpdates(acceptedBefore cutoff: Date, now: Date) async throws -> Int {
        let cutoffMillis = try StoreCodec.millis(cutoff)
        let nowMillis = try StoreCodec.millis(now)
        let limit = settings.maintenanceBatchSize
        return try await Maintenance.drain(limit: limit) {
            try await withSession { session in
                try await session.transaction {
                    try await PostgresIdentities.expireWaiting(session, acceptedBefore: cutoffMillis, now: nowMillis, limit: limit)
                }
            }
        }
    }

    public func pruneFinished(before cutoff: Date) async throws -> PruneReport {
        let cutoffMillis = try StoreCodec.millis(cutoff)
        let limit = settings.maintenanceBatchSize
        return try await Maintenance.prune(
            limit: limit,
            events: { try await withSession { try await PostgresRetention.pruneEvents($0, before: cutoffMillis, limit: limit) } },
            fieldTimes: {
                try await withSession { try await PostgresRetention.pruneFieldTimes($0, before: cutoffMillis, limit: limit) }
            },
            singleUseTokens: {
                try await withSession { try await PostgresRetention.pruneSingleUseTokens($0, before: cutoffMillis, limit: limit) }
            })
    }

    public func close() async throws {
        await committer.close()
        runner.cancel()
        await runner.value
    }
}

/// An event with its delivery, as one sendable value.
private struct RawDelivery: Sendable {
    var event: EventRecord
    var delivery: DeliveryRecord
}
