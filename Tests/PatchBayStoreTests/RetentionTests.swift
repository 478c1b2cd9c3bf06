import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Retention")
struct RetentionTests {
    @Test(arguments: StoreBackend.allCases)
    func prunesFinishedEventsInBatchesAndNeverPendingOnes(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.maintenanceBatchSize = 2
        try await withStore(backend, options) { store in
            var finished: [EventID] = []
            for index in 0..<5 {
                finished.append(try await store.ingestEvent("old\(index)", at: 0, eventTime: 0, Fixture.update("c\(index)", ["x": 1])))
            }
            _ = try await store.deliverAll(at: 10)
            let mixed = try await store.ingest(
                Fixture.delivery(at: 20, Fixture.event("ignored"), Fixture.event("waiting", Fixture.update("busy", ["x": 1]))))
            let recent = try await store.ingestEvent("recent", at: 200, Fixture.update("r", ["x": 1]))
            for work in try await store.claimNext(limit: 10, now: Fixture.time(210)) where work.customer.externalId == "r" {
                try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 210))
            }

            let report = try await store.pruneFinished(before: Fixture.time(100))
            #expect(report.events == 5 + 1)
            #expect(report.updates == 5)
            #expect(report.attempts == 5)
            #expect(report.deliveries == 5)
            #expect(report.fieldTimes == 5)

            for id in finished { #expect(try await store.eventDetail(id: id) == nil) }
            #expect(try await store.eventDetail(id: mixed.events[0].eventId) == nil)
            let waiting = try #require(try await store.eventDetail(id: mixed.events[1].eventId))
            #expect(waiting.event.status == .pending)
            #expect(waiting.delivery.id == mixed.deliveryId)
            #expect(try await store.status(of: recent) == .delivered)

            let again = try await store.ingest(Fixture.delivery(at: 300, Fixture.event("old0", Fixture.update("c0", ["x": 2]))))
            #expect(again.acceptedCount == 1)
            #expect(try await store.pruneFinished(before: Fixture.time(100)) == PruneReport())
        }
    }
}
