import Foundation
import GRDB
import PatchBayCore

/// The embedded store: one SQLite database (`patchbay.sqlite`) in the data
/// directory, in WAL mode, schema by GRDB migrations.
///
/// Ingest uses group commit (see ``GroupCommitter``), and the dispatcher's
/// claims and completions share its transactions (``SQLiteBatchedWrite``);
/// the durability of a commit is ``SQLiteStoreConfiguration/Durability``. Meant for one process:
/// ``recoverInFlight()`` treats every lease as left over from a previous run.
public final class SQLiteStore: EventStore {
    /// The database file's name inside the data directory.
    public static let fileName = "patchbay.sqlite"

    private let pool: DatabasePool
    private let writer: SQLiteWriter
    private let configuration: SQLiteStoreConfiguration
    /// The identity index, `nil` without an identity key.
    private let identities: SQLiteIdentities?
    private let committer: GroupCommitter<SQLiteBatchedWrite, SQLiteBatchedWrite.Output>

    /// Opens (creating if needed) the store in `directory` and migrates its schema.
    public init(directory: URL, configuration: SQLiteStoreConfiguration = SQLiteStoreConfiguration()) throws {
        try configuration.settings.validate()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pool = try SQLiteIntegrity.open(path: directory.appendingPathComponent(Self.fileName).path)
        if configuration.durability == .full {
            // GRDB sets NORMAL when it enables WAL; the writer connection is the only one that commits.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        }
        try SQLiteSchema.migrator.migrate(pool)
        if let key = configuration.identityKey {
            do {
                try pool.write { try SQLiteIdentities.checkKey($0, key) }
            } catch IdentityKeyCheck.mismatch {
                throw EventStoreError.identityKeyMismatch(IdentityKeyCheck.message(location: directory.path))
            }
        }
        let writer = SQLiteWriter(pool: pool)
        self.pool = pool
        self.writer = writer
        self.configuration = configuration
        let identities = SQLiteIdentities(configuration.settings)
        self.identities = identities
        self.committer = GroupCommitter(
            maximumBatch: configuration.maximumGroupCommit, isDelivery: \.isDelivery, onCommit: configuration.onGroupCommit
        ) { writes in
            try await writer.writeInOwnTransactions { db in
                try SQLiteBatchedWrite.run(db, writes, configuration: configuration, identities: identities)
            }
        }
    }

    /// The writer connection's `PRAGMA synchronous` value (1 NORMAL, 2 FULL).
    func synchronousSetting() async throws -> Int {
        try await writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func ingest(_ delivery: IngestDelivery) async throws -> IngestReceipt {
        try delivery.checkStoredText()
        guard case .ingested(let receipt) = try await committer.submit(.ingest(delivery)) else {
            preconditionFailure("an ingest write answered something else")
        }
        return receipt
    }

    public func ingestStatistics() async -> IngestStatistics {
        committer.statistics
    }

    public func recoverInFlight() async throws -> Int {
        try await writer.write(SQLiteDispatch.recoverInFlight)
    }

    public func claimNext(limit: Int, now: Date, pause: SourcePause?) async throws -> [CustomerWork] {
        try EventStoreError.checkClaimLimit(limit)
        guard case .claimed(let work) = try await committer.submit(.claim(limit: limit, now: now, pause: pause)) else {
            preconditionFailure("a claim answered something else")
        }
        return work
    }

    public func complete(_ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport) async throws {
        _ = try await committer.submit(.complete(work, outcome: outcome, attempt: attempt))
    }

    public func complete(
        _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport, thenClaim limit: Int, now: Date, pause: SourcePause?
    ) async throws -> [CustomerWork] {
        try EventStoreError.checkClaimLimit(limit)
        let write = SQLiteBatchedWrite.completeThenClaim(work, outcome: outcome, attempt: attempt, limit: limit, now: now, pause: pause)
        guard case .claimed(let next) = try await committer.submit(write) else {
            preconditionFailure("a completion with a claim answered something else")
        }
        return next
    }

    public func nextDueTime() async throws -> Date? {
        try await pool.read(SQLiteQueries.nextDueTime)
    }

    public func statusCounts() async throws -> StatusCounts {
        try await pool.read(SQLiteQueries.statusCounts)
    }

    public func backlog() async throws -> Backlog {
        try await pool.read(SQLiteQueries.backlog)
    }

    public func events(matching query: EventQuery) async throws -> EventPage {
        try query.checkStoredText()
        return try await pool.read { try SQLiteQueries.events($0, matching: query) }
    }

    public func eventDetail(id: EventID) async throws -> EventDetail? {
        try await pool.read { try SQLiteQueries.eventDetail($0, id: id) }
    }

    public func replay(_ selection: ReplaySelection, now: Date) async throws -> ReplayReport {
        switch selection {
        case .events(let ids):
            return try await writer.write { [identities] in try SQLiteRepair.replay($0, events: ids, now: now, identities: identities) }
        case .dead(let source):
            try StoredText.check(source, "the source")
            return try await Maintenance.replayDead {
                try await writer.write { [configuration, identities] db in
                    try SQLiteRepair.replayDead(
                        db, source: source, limit: configuration.maintenanceBatchSize, now: now, identities: identities)
                }
            }
        }
    }

    public func rawDelivery(forEvent id: EventID) async throws -> (event: EventRecord, delivery: DeliveryRecord)? {
        try await pool.read { db in
            guard let event = try SQLiteQueries.event(db, id: id) else { return nil }
            return (event, try SQLiteQueries.delivery(db, id: event.deliveryId))
        }
    }

    public func replaceUpdates(eventId: EventID, with mapping: EventMapping, now: Date) async throws {
        try mapping.checkStoredText()
        try await writer.write { [identities] in
            try SQLiteRepair.replaceUpdates($0, eventId: eventId, with: mapping, now: now, identities: identities)
        }
    }

    public func recordIdentities(_ records: [IdentityRecord], now: Date) async throws -> IdentityRecordingReport {
        let identities = try SQLiteIdentities.required(identities)
        for record in records { try record.checkStoredText() }
        let nowMillis = try StoreCodec.millis(now)
        return try await writer.write { db in
            var report = IdentityRecordingReport()
            for record in records {
                let (change, released) = try identities.learn(db, record.identities, now: nowMillis)
                report.changes.append(change)
                report.releasedUpdates += released
            }
            return report
        }
    }

    public func customers(for address: IdentityAddress, tenant: String?) async throws -> [String] {
        let identities = try SQLiteIdentities.required(identities)
        try StoredText.check(tenant, "the tenant")
        return try await pool.read { try identities.externalIds($0, tenant: tenant, address: address) }
    }

    public func forgetIdentities(_ erasure: IdentityErasure, tenant: String?, now: Date) async throws -> Int {
        let identities = try SQLiteIdentities.required(identities)
        try erasure.checkStoredText()
        try StoredText.check(tenant, "the tenant")
        let nowMillis = try StoreCodec.millis(now)
        return try await writer.write { try identities.forget($0, erasure, tenant: tenant, now: nowMillis) }
    }

    public func identityStatistics() async throws -> IdentityStatistics {
        try await pool.read(SQLiteIdentities.statistics)
    }

    public func expireWaitingUpdates(acceptedBefore cutoff: Date, now: Date) async throws -> Int {
        let cutoffMillis = try StoreCodec.millis(cutoff)
        let nowMillis = try StoreCodec.millis(now)
        let limit = configuration.maintenanceBatchSize
        return try await Maintenance.drain(limit: limit) {
            try await writer.write { try SQLiteIdentities.expireWaiting($0, acceptedBefore: cutoffMillis, now: nowMillis, limit: limit) }
        }
    }

    public func pruneFinished(before cutoff: Date) async throws -> PruneReport {
        let cutoffMillis = try StoreCodec.millis(cutoff)
        let limit = configuration.maintenanceBatchSize
        return try await Maintenance.prune(
            limit: limit,
            events: { try await writer.write { try SQLiteRetention.pruneEvents($0, before: cutoffMillis, limit: limit) } },
            fieldTimes: { try await writer.write { try SQLiteRetention.pruneFieldTimes($0, before: cutoffMillis, limit: limit) } },
            singleUseTokens: {
                try await writer.write { try SQLiteRetention.pruneSingleUseTokens($0, before: cutoffMillis, limit: limit) }
            })
    }

    public func close() async throws {
        await committer.close()
        try pool.close()
    }
}
