import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Event queries and counts")
struct QueryTests {
    @Test(arguments: StoreBackend.allCases)
    func filtersAndPagesEventsNewestFirst(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let a = try await store.ingestEvent("1", source: "stripe", at: 0, Fixture.update("cus_a", ["x": 1]))
            let b = try await store.ingestEvent("2", source: "shopify", at: 10, Fixture.update("cus_b", tenant: "t1", ["x": 1]))
            let c = try await store.ingestEvent("3", source: "stripe", at: 20, Fixture.update("cus_b", ["x": 1]))
            let d = try await store.ingest(Fixture.delivery(source: "stripe", at: 30, Fixture.event("4"))).events[0].eventId
            _ = try await store.deliverAll(at: 40)

            func ids(_ query: EventQuery) async throws -> [EventID] {
                try await store.events(matching: query).events.map(\.id)
            }
            #expect(try await ids(EventQuery()) == [d, c, b, a])
            #expect(try await ids(EventQuery(status: .ignored)) == [d])
            #expect(try await ids(EventQuery(status: .delivered, source: "stripe")) == [c, a])
            #expect(try await ids(EventQuery(externalId: "cus_b")) == [c, b])
            #expect(try await ids(EventQuery(externalId: "cus_b", tenant: "t1")) == [b])
            #expect(try await ids(EventQuery(receivedFrom: Fixture.time(10), receivedBefore: Fixture.time(30))) == [c, b])

            let first = try await store.events(matching: EventQuery(limit: 3))
            #expect(first.events.map(\.id) == [d, c, b])
            let cursor = try #require(first.nextCursor)
            let second = try await store.events(matching: EventQuery(limit: 3, cursor: cursor))
            #expect(second.events.map(\.id) == [a])
            #expect(second.nextCursor == nil)
            await #expect(throws: EventStoreError.self) { try await store.events(matching: EventQuery(limit: 0)) }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func countsStatusesAndTheBacklog(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.backlog() == Backlog(openUpdates: 0, waitingForIdentity: 0, oldestOpenAcceptedAt: nil))
            try await store.ingestEvent("1", at: 5, Fixture.update("a", ["x": 1]))
            try await store.ingestEvent("2", at: 7, Fixture.update("b", ["x": 1]), Fixture.update("c", ["x": 1]))
            _ = try await store.ingest(Fixture.delivery(at: 8, Fixture.event("3")))
            #expect(try await store.backlog() == Backlog(openUpdates: 3, waitingForIdentity: 0, oldestOpenAcceptedAt: Fixture.time(5)))
            let work = try await store.claimNext(limit: 1, now: Fixture.time(9))
            #expect(work.count == 1)
            let counts = try await store.statusCounts()
            #expect(counts.events == [.pending: 2, .ignored: 1])
            #expect(counts.updates == [.pending: 2, .inFlight: 1])
            #expect(try await store.backlog().openUpdates == 3)
            try await store.complete(work[0], outcome: .delivered, attempt: Fixture.attempt(at: 10))
            #expect(try await store.backlog() == Backlog(openUpdates: 2, waitingForIdentity: 0, oldestOpenAcceptedAt: Fixture.time(7)))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func unknownEventsAreNil(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store: any EventStore) async throws in
            #expect(try await store.eventDetail(id: 42) == nil)
            #expect(try await store.rawDelivery(forEvent: 42) == nil)
        }
    }
}
