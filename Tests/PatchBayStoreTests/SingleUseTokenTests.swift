import Foundation
import PatchBayCore
import PatchBayStore
import Testing

/// A single-use token (Mailgun's) is claimed in the transaction that logs its
/// delivery: never before the delivery is kept, kept across restarts, an
/// identical resend a duplicate, another body a replay.
@Suite("Single-use tokens claimed with the commit")
struct SingleUseTokenTests {
    /// A Mailgun-like delivery of event `key` with body `body`, carrying `token` valid until `expires` seconds.
    static func delivery(
        _ key: String, body: String, token: String = "tok-1", expires: TimeInterval = 300, at seconds: TimeInterval = 0
    )
        -> IngestDelivery
    {
        IngestDelivery(
            source: "mailgun", receivedAt: Fixture.time(seconds), headers: [:], body: Array(body.utf8),
            events: [Fixture.event(key, Fixture.update("a@example.com", ["emailOptOut": true]))],
            singleUseToken: SingleUseToken(value: token, expiresAt: Fixture.time(expires), body: Array(body.utf8)))
    }

    @Test(arguments: StoreBackend.allCases)
    func aTokenIsClaimedOnceItsDeliveryIsKeptAndTheClaimLasts(_ backend: StoreBackend) async throws {
        try await withHarness(backend) { harness in
            let store = try await harness.open(StoreOptions())
            // A first attempt the store refuses (here an empty idempotency key) claims nothing.
            var broken = Self.delivery("", body: "A")
            broken.events[0].idempotencyKey = ""
            await #expect(throws: EventStoreError.self) { try await store.ingest(broken) }
            #expect(try await store.ingest(Self.delivery("ev-1", body: "A")).acceptedCount == 1)
            // An identical resend is a duplicate.
            #expect(try await store.ingest(Self.delivery("ev-1", body: "A", at: 5)).isDuplicate)
            try await store.close()

            let reopened = try await harness.open(StoreOptions())
            // The same token on another body is a replay, and nothing of it is kept.
            await #expect(throws: EventStoreError.tokenReused(source: "mailgun")) {
                try await reopened.ingest(Self.delivery("ev-2", body: "B", at: 10))
            }
            #expect(try await reopened.statusCounts().events[.pending, default: 0] == 1)
            // Another source's token of the same value is its own.
            var other = Self.delivery("ev-3", body: "C", at: 10)
            other.source = "mailgun-eu"
            #expect(try await reopened.ingest(other).acceptedCount == 1)
            try await reopened.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anExpiredClaimIsTakenOverAndPruned(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = try await store.ingest(Self.delivery("ev-1", body: "A", expires: 300))
            let second = try await store.ingest(Self.delivery("ev-2", body: "B", expires: 700, at: 400))
            #expect(first.acceptedCount == 1 && second.acceptedCount == 1)
            let early = try await store.pruneFinished(before: Fixture.time(600))
            let late = try await store.pruneFinished(before: Fixture.time(800))
            #expect(early.singleUseTokens == 0)
            #expect(late.singleUseTokens == 1)
        }
    }
}
