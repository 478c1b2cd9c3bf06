import Foundation
import Synchronization
import GRDB
import PatchBayCore
@testable import PatchBayStore
import Testing

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
            try SQLiteBatchedWrite.run(db, writes, configuration: SQLiteStoreConfiguration())
        }
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(throws: PatchBayStoreError.invalidArgument("event 1 has an empty idempotency key")) { try results[1].get() }
        let stored = try await pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery"), try String.fetchAll(db, sql: "SELECT idempotency_key FROM event ORDER BY id"))
        }
        #expect(stored.0 == 2)
        #expect(stored.1 == ["a", "c"])
        try pool.close()
    }
}
