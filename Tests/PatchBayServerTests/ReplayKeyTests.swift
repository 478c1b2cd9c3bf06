import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayStore
import PatchBayTransport
import ReachStandIn
import Testing

@testable import PatchBayServer

/// A replay is a new request: it gets a new `Idempotency-Key`, so an upstream
/// that honours the header applies it instead of dropping it as a repeat;
/// a retry of the same updates keeps its key.
@Suite struct ReplayKeyTests {
    @Test func aReplayOfADeliveredEventIsAppliedByAnUpstreamThatDeduplicatesKeys() async throws {
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(deduplicatesIdempotencyKeys: true))
        _ = try await harness.postStripe(event: "evt_k1", customer: "cus_k", email: "first@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        // Someone changes the customer in Reach; the operator replays the event to restore it.
        let changed = try await harness.client.send(
            TransportRequest(
                method: "PATCH", url: "http://127.0.0.1:\(harness.upstreamServer.port)/api/resources/customers/cus_k",
                headers: [.contentType: "application/json"], body: Array(#"{"data": {"email": "changed@example.com"}}"#.utf8)))
        #expect(changed.status == 200)

        let event = try #require(try await harness.storedEvents().first?.id)
        #expect(try await harness.adminJSON("/api/events/\(event)/replay", method: "POST")["replayedEvents"] == 1)
        #expect(try await harness.waitUntil { harness.upstream.journal.entries.count == 3 })
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })

        let keys = harness.upstream.journal.entries.map(\.idempotencyKey)
        #expect(keys[0] != nil && keys[2] != nil && keys[0] != keys[2])
        let customer = try await harness.client.send(
            TransportRequest(
                method: "GET", url: "http://127.0.0.1:\(harness.upstreamServer.port)/api/resources/customers/cus_k",
                body: []))
        #expect(try JSONParser().parse(customer.body)["data"]?["result"]?["data"]?["email"] == "first@example.com")
        try await harness.stop()
    }

    @Test func theKeyFollowsTheUpdatesSequencesAndContent() {
        let target = UpstreamTarget(baseURL: "https://reach.example", authenticator: nil)
        func key(sequence: Int64, email: String) -> String {
            let update = ClaimedUpdate(
                id: 1, eventId: 1, source: "stripe", idempotencyKey: "evt_1", sequence: sequence,
                data: JSONObject([(key: "email", value: .string(email))]), eventTime: nil, acceptedAt: Date(), attempts: 0)
            let work = CustomerWork(
                customer: CustomerKey(externalId: "cus_1"), allowExtraFields: false, updates: [update], appliedFieldTimes: [:],
                lease: Lease(owner: "a", token: "t", expiresAt: Date()))
            return target.request(for: work, plan: work.plan()).headers[values: HTTPField.Name("Idempotency-Key")!][0]
        }
        #expect(key(sequence: 7, email: "a@example.com") == key(sequence: 7, email: "a@example.com"))
        #expect(key(sequence: 7, email: "a@example.com") != key(sequence: 8, email: "a@example.com"))
        #expect(key(sequence: 7, email: "a@example.com") != key(sequence: 7, email: "b@example.com"))
    }
}
