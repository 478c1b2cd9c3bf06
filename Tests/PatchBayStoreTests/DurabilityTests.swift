import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Durability across reopening")
struct DurabilityTests {
    @Test(arguments: StoreBackend.allCases)
    func everythingCommittedSurvivesCloseAndReopen(_ backend: StoreBackend) async throws {
        try await withHarness(backend) { harness in
            let store = try await harness.open(StoreOptions())
            let delivered = try await store.ingestEvent("e1", eventTime: 50, Fixture.update("a", ["email": "a@example.com"]))
            _ = try await store.deliverAll(at: 1)
            let pending = try await store.ingestEvent("e2", at: 2, Fixture.update("b", ["x": 1]))
            try await store.close()
            await #expect(throws: (any Error).self) { try await store.ingestEvent("e3", Fixture.update("c", ["x": 1])) }

            let reopened = try await harness.open(StoreOptions())
            #expect(try await reopened.status(of: delivered) == .delivered)
            #expect(try await reopened.ingest(Fixture.delivery(Fixture.event("e1"))).isDuplicate)
            try await reopened.ingestEvent("e4", at: 3, eventTime: 10, Fixture.update("a", ["email": "stale@example.com"]))
            let claimed = try await reopened.claimNext(limit: 10, now: Fixture.time(3))
            #expect(Set(claimed.flatMap { $0.updates.map(\.eventId) }).contains(pending))
            let stale = try #require(claimed.first { $0.customer.externalId == "a" })
            #expect(stale.plan().data.isEmpty)
            try await reopened.close()
        }
    }
}
