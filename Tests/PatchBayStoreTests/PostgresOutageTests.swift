import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import PatchBayStore

/// PostgreSQL going away under a ``PostgresStore``: an operation fails, with a
/// readable error and in bounded time, and the next one works on a new
/// connection (the postgres-restart scenario of `scripts/reliability` does the
/// same with a real crash).
@Suite struct PostgresOutageTests {
    /// postgres-nio never answers a query written to a connection the server
    /// has closed: the `ROLLBACK` after the failed statement used to wait
    /// forever, and with it group commit and every delivery behind it.
    @Test func aDeliveryWhoseConnectionIsClosedMidTransactionFailsAndTheNextIsCommitted() async throws {
        let harness = try await PostgresHarness()
        let store = try await PostgresStore(configuration: try harness.configuration(StoreOptions()))
        let blocker = try await Blocker.lock("delivery", harness)
        let ingest = BoundedOutcome { try await store.ingest(Fixture.delivery(Fixture.event("evt_1"))) }
        let waiting = try await blocker.waiter(on: "delivery")
        try await blocker.terminate(waiting)
        try await blocker.release()

        guard let failed = await ingest.result(within: .seconds(10)) else {
            Issue.record("the delivery whose connection closed never got an answer")
            return  // The store cannot be closed while its group commit hangs.
        }
        #expect(throws: (any Error).self) { try failed.get() }
        if case .failure(let error) = failed { #expect("\(error)".hasPrefix("PostgreSQL")) }

        let next = BoundedOutcome { try await store.ingest(Fixture.delivery(Fixture.event("evt_2"))) }
        let committed = await next.result(within: .seconds(10))
        #expect(try committed?.get().events.map(\.isDuplicate) == [false])
        try await store.close()
        await harness.destroy()
    }

    /// An operation that cannot get a connection fails after the configured
    /// wait (a delivery then gets 503) instead of queueing without limit.
    @Test func anOperationWithoutAConnectionFailsAfterTheWait() async throws {
        let harness = try await PostgresHarness()
        var configuration = try harness.configuration(StoreOptions())
        configuration.maximumConnections = 1
        configuration.connectionWait = .milliseconds(300)
        let store = try await PostgresStore(configuration: configuration)
        let blocker = try await Blocker.lock("delivery", harness)
        // The only connection waits for the lock inside the ingest transaction.
        let ingest = BoundedOutcome { try await store.ingest(Fixture.delivery(Fixture.event("evt_1"))) }
        _ = try await blocker.waiter(on: "delivery")

        let counts = await BoundedOutcome { try await store.statusCounts() }.result(within: .seconds(10))
        #expect(throws: PostgresFailure.self) { try counts?.get() }
        if counts == nil { Issue.record("waited more than 10 s for a connection (the limit is 0.3 s)") }

        try await blocker.release()
        #expect(try await ingest.result(within: .seconds(10))?.get().events.map(\.isDuplicate) == [false])
        #expect(try await store.statusCounts().events.values.reduce(0, +) == 1)
        try await store.close()
        await harness.destroy()
    }
}

/// A connection of the test's own that holds an exclusive lock on a table of
/// the harness's schema, to stop the store's statements on it.
private struct Blocker {
    let connection: PostgresConnection
    let schema: String

    static func lock(_ table: String, _ harness: PostgresHarness) async throws -> Blocker {
        let settings = try PostgresConnectionSettings(url: harness.url)
        let connection = try await PostgresConnection.connect(
            configuration: try settings.connectionConfiguration(), id: 99, logger: Logger(label: "test"))
        let blocker = Blocker(connection: connection, schema: harness.schema)
        try await blocker.run("BEGIN")
        try await blocker.run("LOCK TABLE \(unescaped: table) IN ACCESS EXCLUSIVE MODE")
        return blocker
    }

    /// The server process of the statement waiting for this lock on `table`.
    func waiter(on table: String) async throws -> Int32 {
        for _ in 0..<200 {
            let rows = try await connection.query(
                "SELECT pid FROM pg_locks WHERE relation = \("\(schema).\(table)")::regclass AND NOT granted",
                logger: Logger(label: "test")
            ).collect()
            if let pid = try rows.first?.decode(Int32.self) { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PostgresFailure.failed("no statement waited for the lock on \(table)")
    }

    /// Ends that server process, as a crash or an administrator would: its client sees the connection close.
    func terminate(_ pid: Int32) async throws {
        try await run("SELECT pg_terminate_backend(\(pid))")
    }

    func release() async throws {
        try await run("ROLLBACK")
        try await connection.close()
    }

    private func run(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: Logger(label: "test")).collect()
    }
}
