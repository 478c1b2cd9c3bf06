import Foundation
import GRDB
import PatchBayCore
import Synchronization
import Testing

@testable import PatchBayStore

@Suite("SQLite store specifics")
struct SQLiteStoreTests {
    @Test(arguments: SQLiteStoreConfiguration.Durability.allCases)
    func durabilitySettingReachesTheWriter(_ durability: SQLiteStoreConfiguration.Durability) async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        var configuration = harness.configuration(StoreOptions())
        configuration.durability = durability
        let store = try SQLiteStore(directory: harness.directory, configuration: configuration)
        #expect(try await store.synchronousSetting() == (durability == .full ? 2 : 1))
        try await store.close()
        let journal = try await DatabaseQueue(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path)
            .read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    /// A claim's customer is the key it leases, not the tenant and externalId
    /// columns: when those read back otherwise (as a NUL-cut externalId did),
    /// the PATCH still goes to the logged customer and its completion still
    /// holds the lease, instead of losing it and sending again at every expiry.
    @Test func aClaimsCustomerIsTheKeyItLeases() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        let store = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
        let event = try await store.ingestEvent("e1", Fixture.update("cus_logged", tenant: "acme", ["x": 1]))
        try await store.close()
        try await DatabaseQueue(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path).write {
            try $0.execute(sql: "UPDATE customer_update SET external_id = 'cus_other', tenant = NULL")
        }
        let reopened = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
        let work = try #require(try await reopened.claimNext(limit: 1, now: Fixture.time(1)).first)
        #expect(work.customer == CustomerKey(tenant: "acme", externalId: "cus_logged"))
        try await reopened.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 2))
        #expect(try await reopened.status(of: event) == .delivered)
        try await reopened.close()
    }

    @Test func groupCommitReportsBatchSizes() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        let sizes = Mutex<[Int]>([])
        var configuration = harness.configuration(StoreOptions())
        configuration.onGroupCommit = { size in sizes.withLock { $0.append(size) } }
        let store = try SQLiteStore(directory: harness.directory, configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 { group.addTask { _ = try await store.ingest(Fixture.delivery(Fixture.event("e\(index)"))) } }
            try await group.waitForAll()
        }
        let statistics = await store.ingestStatistics()
        #expect(sizes.withLock { $0.reduce(0, +) } == 50)
        #expect(sizes.withLock { $0.count } == statistics.transactions)
        try await store.close()
    }

    @Test func claimingUsesTheCustomerQueueIndexes() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        try await SQLiteStore(directory: harness.directory).close()
        let database = try DatabaseQueue(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path)
        let plans = try await database.read { db in
            let queries: [(sql: String, arguments: StatementArguments)] = [
                (SQLiteDispatch.readyCustomersSQL, [0, 5]),
                (SQLiteDispatch.queueHeadSQL, ["k", 5]),
                (SQLiteQueries.oldestOpenSQL, []),
            ]
            return try queries.map { sql, arguments in
                try String.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments, adapter: SuffixRowAdapter(fromIndex: 3)
                ).joined(separator: "; ")
            }
        }
        #expect(plans[0].contains("customer_queue_ready"))
        #expect(plans[1].contains("update_open_queue"))
        #expect(plans[2].contains("update_open_age"))
    }

    @Test func aFailingWriteFailsAloneAndTheRestOfItsBatchIsCommitted() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        try await SQLiteStore(directory: harness.directory).close()
        let pool = try DatabasePool(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path)
        let writes: [SQLiteBatchedWrite] = [
            .ingest(Fixture.delivery(Fixture.event("a", Fixture.update("cus_a", ["email": "a@example.com"])))),
            // Fails after its delivery row is written: nothing of it may stay.
            .ingest(Fixture.delivery(Fixture.event("b"), Fixture.event(""))),
            .ingest(Fixture.delivery(Fixture.event("c"))),
        ]
        let results = try await pool.writeWithoutTransaction { db in
            try SQLiteBatchedWrite.run(db, writes, configuration: SQLiteStoreConfiguration(), identities: nil)
        }
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(throws: EventStoreError.invalidArgument("event 1 has an empty idempotency key")) { try results[1].get() }
        let stored = try await pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery"),
                try String.fetchAll(db, sql: "SELECT idempotency_key FROM event ORDER BY id")
            )
        }
        #expect(stored.0 == 2)
        #expect(stored.1 == ["a", "c"])
        try pool.close()
    }

    /// A store written before field times were kept one row per customer
    /// keeps protecting every field after the upgrade.
    @Test func fieldTimesStoredOnePerFieldStillProtectAfterTheUpgrade() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        let key = CustomerKey(tenant: nil, externalId: "a").storageKey
        try FileManager.default.createDirectory(at: harness.directory, withIntermediateDirectories: true)
        let database = try DatabaseQueue(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path)
        try SQLiteSchema.migrator.migrate(database, upTo: "identity-index")
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO customer_field_time (customer_key, field, event_time) VALUES (?, 'phone', ?), (?, 'na\"me', ?)",
                arguments: [key, try StoreCodec.millis(Fixture.time(100)), key, try StoreCodec.millis(Fixture.time(20))])
        }
        try database.close()

        let store = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
        try await store.ingestEvent("e", at: 1, eventTime: 50, Fixture.update("a", ["phone": "+15550001", "na\"me": "Ann"]))
        let work = try #require(try await store.claimNext(limit: 1, now: Fixture.time(2)).first)
        #expect(work.appliedFieldTimes == ["phone": Fixture.time(100), "na\"me": Fixture.time(20)])
        #expect(work.plan().data == Fixture.object(["na\"me": "Ann"]))
        try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 2))
        try await store.ingestEvent("f", at: 3, eventTime: 60, Fixture.update("a", ["na\"me": "Bo"]))
        let next = try #require(try await store.claimNext(limit: 1, now: Fixture.time(4)).first)
        #expect(next.appliedFieldTimes == ["phone": Fixture.time(100), "na\"me": Fixture.time(50)])
        try await store.close()
    }

    /// A customer's field times are pruned together, once the newest is
    /// older than the cutoff: an older field stays protected meanwhile.
    @Test func aCustomersFieldTimesArePrunedTogetherOnceAllAreOld() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        let store = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
        try await store.ingestEvent("old", at: 0, eventTime: 10, Fixture.update("a", ["phone": "+15550001"]))
        try await store.ingestEvent("new", at: 0, eventTime: 200, Fixture.update("a", ["first_name": "Ann"]))
        try await store.ingestEvent("b", at: 0, eventTime: 10, Fixture.update("b", ["phone": "+15550002", "first_name": "Bo"]))
        _ = try await store.deliverAll(at: 1)

        #expect(try await store.pruneFinished(before: Fixture.time(100)).fieldTimes == 2)
        try await store.ingestEvent("older", at: 300, eventTime: 5, Fixture.update("a", ["phone": "+15550003"]))
        let work = try #require(try await store.claimNext(limit: 1, now: Fixture.time(301)).first)
        #expect(work.appliedFieldTimes == ["phone": Fixture.time(10), "first_name": Fixture.time(200)])
        #expect(work.plan().data.isEmpty)
        try await store.close()
    }

    /// A customer's field times that do not read back are a corrupt record, named as such.
    @Test func unreadableFieldTimesAreACorruptRecord() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        let key = CustomerKey(tenant: nil, externalId: "a").storageKey
        let store = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
        try await store.ingestEvent("e", at: 0, eventTime: 10, Fixture.update("a", ["phone": "+15550001"]))
        try await store.close()
        for (times, problem) in [
            ("[1]", "stored field-time record is not a JSON object"), (#"{"phone":"x"}"#, "a stored field time is not an integer"),
        ] {
            try await DatabaseQueue(path: harness.directory.appendingPathComponent(SQLiteStore.fileName).path).write {
                try $0.execute(sql: "INSERT OR REPLACE INTO customer_field_times VALUES (?, ?, 0)", arguments: [key, times])
            }
            let reopened = try SQLiteStore(directory: harness.directory, configuration: harness.configuration(StoreOptions()))
            await #expect(throws: EventStoreError.corruptRecord(problem)) { try await reopened.claimNext(limit: 1, now: Fixture.time(1)) }
            try await reopened.close()
        }
    }
}
