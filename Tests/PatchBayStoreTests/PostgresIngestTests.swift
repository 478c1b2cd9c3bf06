import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import PatchBayStore

/// A PostgreSQL group-commit batch is written without a savepoint per
/// delivery; one failing delivery sends it down the slower path, where it
/// fails alone and the others are committed.
@Suite struct PostgresIngestTests {
    @Test func aFailingDeliveryFailsAloneAndTheRestOfItsBatchIsCommitted() async throws {
        let harness = try await PostgresHarness()
        do {
            try await writeBatches(harness)
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }

    private func writeBatches(_ harness: PostgresHarness) async throws {
        let configuration = try harness.configuration(StoreOptions())
        try await PostgresStore(configuration: configuration).close()
        let logger = Logger(label: "test")
        let connection = try await PostgresConnection.connect(
            configuration: try configuration.connection.connectionConfiguration(), id: 1, logger: logger)
        let session = PostgresSession(connection: connection, logger: logger)

        let clean = try await PostgresIngest.write(
            session, identities: nil,
            [
                Fixture.delivery(Fixture.event("a", Fixture.update("cus_a", ["email": "a@example.com"]))),
                Fixture.delivery(Fixture.event("b")),
            ])
        #expect(clean.map { (try? $0.get())?.isDuplicate } == [false, false])

        let results = try await PostgresIngest.write(
            session, identities: nil,
            [
                Fixture.delivery(Fixture.event("c", Fixture.update("cus_c", ["email": "c@example.com"]))),
                // Fails after its delivery row is written: nothing of it may stay.
                Fixture.delivery(Fixture.event("d"), Fixture.event("")),
                Fixture.delivery(Fixture.event("a"), Fixture.event("e")),
            ])
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(throws: EventStoreError.invalidArgument("event 1 has an empty idempotency key")) { try results[1].get() }
        #expect(try results[2].get().events.map(\.isDuplicate) == [true, false])

        let keys = try await session.column("SELECT idempotency_key FROM event ORDER BY id", as: String.self)
        #expect(keys == ["a", "b", "c", "e"])
        #expect(try await session.value("SELECT count(*) FROM delivery", as: Int64.self) == 4)
        #expect(try await session.column("SELECT customer_key FROM customer_queue ORDER BY 1", as: String.self).count == 2)
        try await connection.close()
    }
}
