import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Claiming around paused sources")
struct PauseTests {
    @Test(arguments: StoreBackend.allCases)
    func aPausedSourceHoldsItsCustomersBackInOrder(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            // Customer a: stripe first, then shopify. Customer b: shopify, then stripe.
            let aStripe = try await store.ingestEvent("a1", source: "stripe", at: 0, Fixture.update("a", ["n": 1]))
            let aShopify = try await store.ingestEvent("a2", source: "shopify", at: 1, Fixture.update("a", ["n": 2]))
            let bShopify = try await store.ingestEvent("b1", source: "shopify", at: 2, Fixture.update("b", ["n": 1]))
            try await store.ingestEvent("b2", source: "stripe", at: 3, Fixture.update("b", ["n": 2]))

            let pause = SourcePause(sources: ["stripe"], recheckAt: Fixture.time(60))
            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(10), pause: pause)
            // a waits whole behind its paused head; b sends only what precedes its first stripe update.
            #expect(claimed.map(\.customer.externalId) == ["b"])
            #expect(claimed.first?.updates.map(\.eventId) == [bShopify])
            for work in claimed {
                try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 10))
            }
            // b's head is now a stripe update: it is held back too, until the recheck.
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(20), pause: pause).isEmpty)
            #expect(try await store.nextDueTime() == Fixture.time(60))
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(30)).isEmpty)

            // Resumed: each customer's queue is claimed whole, in order, at the recheck.
            let resumed = try await store.claimNext(limit: 10, now: Fixture.time(60))
            #expect(resumed.first { $0.customer.externalId == "a" }?.updates.map(\.eventId) == [aStripe, aShopify])
            #expect(resumed.first { $0.customer.externalId == "b" }?.updates.count == 1)
        }
    }
}
