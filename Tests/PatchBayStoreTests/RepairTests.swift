import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Replay and re-map")
struct RepairTests {
    @Test(arguments: StoreBackend.allCases)
    func replayRequeuesFinishedEventsAtTheEndOfTheirQueues(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.mergeLimit = 1
        try await withStore(backend, options) { store in
            let dead = try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            let deadWork = try #require(try await store.claimNext(limit: 10, now: Fixture.time(1)).first)
            try await store.complete(deadWork, outcome: .dead, attempt: Fixture.attempt(at: 1, status: 400))
            let waiting = try await store.ingestEvent("a2", at: 2, Fixture.update("a", ["x": 2]))
            let ignored = try await store.ingest(Fixture.delivery(Fixture.event("a3"))).events[0].eventId

            let report = try await store.replay(.events([dead, waiting, ignored, 999]), now: Fixture.time(3))
            #expect(report.replayedEvents == 1)
            #expect(report.requeuedUpdates == 1)
            #expect(report.notFinished == [waiting])
            #expect(report.withoutUpdates == [ignored])
            #expect(report.notFound == [999])

            let detail = try #require(try await store.eventDetail(id: dead))
            #expect(detail.event.status == .pending)
            #expect(detail.updates[0].status == .pending)
            #expect(detail.updates[0].attempts == 0)
            #expect(detail.updates[0].lastHTTPStatus == nil)
            #expect(detail.attempts.map(\.outcome) == [.dead])

            var order: [EventID] = []
            for round in 0..<2 {
                for work in try await store.claimNext(limit: 10, now: Fixture.time(4 + Double(round))) {
                    order += work.updates.map(\.eventId)
                    try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 4))
                }
            }
            #expect(order == [waiting, dead])
            #expect(try await store.status(of: dead) == .delivered)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func replayingAllDeadCanBeLimitedToASource(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.maintenanceBatchSize = 2
        try await withStore(backend, options) { store in
            var stripe: [EventID] = []
            for index in 0..<5 {
                stripe.append(try await store.ingestEvent("s\(index)", source: "stripe", Fixture.update("s\(index)", ["x": 1])))
            }
            let shopify = try await store.ingestEvent("h", source: "shopify", Fixture.update("h", ["x": 1]))
            _ = try await store.deliverAll(at: 1, outcome: .dead)

            let report = try await store.replay(.dead(source: "stripe"), now: Fixture.time(2))
            #expect(report.replayedEvents == 5)
            for id in stripe { #expect(try await store.status(of: id) == .pending) }
            #expect(try await store.status(of: shopify) == .dead)
            #expect(try await store.replay(.dead(source: nil), now: Fixture.time(3)).replayedEvents == 1)
            #expect(try await store.status(of: shopify) == .pending)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func remapReplacesTheUpdatesFromTheKeptDelivery(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let failed = try await store.ingest(
                Fixture.delivery(at: 0, IngestEvent(idempotencyKey: "e1", eventTime: Fixture.time(-5), mapping: .failed("no rule"))))
            let id = failed.events[0].eventId
            let raw = try #require(try await store.rawDelivery(forEvent: id))
            #expect(raw.event.idempotencyKey == "e1")
            #expect(raw.delivery.body == Array(#"{"events":1}"#.utf8))

            try await store.replaceUpdates(
                eventId: id, with: .updates([Fixture.update("a", ["email": "a@example.com"])]), now: Fixture.time(10))
            let remapped = try #require(try await store.eventDetail(id: id))
            #expect(remapped.event.status == .pending)
            #expect(remapped.event.error == nil)
            #expect(remapped.updates.map(\.data) == [Fixture.object(["email": "a@example.com"])])
            #expect(remapped.updates[0].eventTime == Fixture.time(-5))

            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(10)).first)
            await #expect(throws: EventStoreError.eventInFlight(id)) {
                try await store.replaceUpdates(eventId: id, with: .updates([]), now: Fixture.time(11))
            }
            try await store.complete(work, outcome: .dead, attempt: Fixture.attempt(at: 11, status: 422))

            try await store.replaceUpdates(
                eventId: id, with: .updates([Fixture.update("b", ["email": "b@example.com"])]), now: Fixture.time(12))
            let again = try #require(try await store.eventDetail(id: id))
            #expect(again.updates.map(\.customer.externalId) == ["b"])
            #expect(again.attempts.isEmpty)
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(12)).map(\.customer.externalId) == ["b"])

            await #expect(throws: EventStoreError.eventNotFound(999)) {
                try await store.replaceUpdates(eventId: 999, with: .failed("x"), now: Fixture.time(13))
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func remappingPendingUpdatesMovesTheCustomerQueue(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let id = try await store.ingestEvent("e1", Fixture.update("a", ["x": 1]))
            try await store.replaceUpdates(eventId: id, with: .updates([]), now: Fixture.time(1))
            #expect(try await store.status(of: id) == .ignored)
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(2)).isEmpty)
            #expect(try await store.nextDueTime() == nil)
        }
    }
}
