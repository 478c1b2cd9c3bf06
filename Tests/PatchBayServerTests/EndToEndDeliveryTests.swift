import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore
import ReachStandIn
import Testing

/// Webhook in, PATCH out: the whole bridge against a mock Reach.
@Suite(.serialized) struct EndToEndDeliveryTests {
    @Test func anAcceptedDeliveryBecomesOnePatch() async throws {
        let harness = try await BridgeHarness.start()
        let reply = try await harness.postStripe(event: "evt_1", customer: "cus/1 +@", email: "Jenny@Example.com", created: 1_700_000_000)
        #expect(reply.status == 202)
        #expect(reply.body == ["status": "accepted", "events": 1])
        // The journal has the PATCH once the mock has answered it.
        #expect(try await harness.waitUntil { harness.patches.count == 1 && harness.patches[0].status != nil })
        let patch = try #require(harness.patches.first)
        #expect(patch.path == "/api/resources/customers/cus%2F1%20%2B%40")
        #expect(patch.status == 200)
        #expect(patch.idempotencyKey?.hasPrefix("pb-") == true)
        #expect(patch.userAgent == "patchbay/\(PatchBayVersion.number) (\(PatchBayVersion.commit))")
        let body = try JSONParser().parse(patch.body)
        #expect(body["data"]?["email"] == "jenny@example.com")
        #expect(body["data"]?["customerId"] == "cus/1 +@")
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        // Each attempt records the upstream it went to, also in the admin API.
        let event = try #require(try await harness.storedEvents().first?.id)
        let detail = try #require(try await harness.bridge.store.eventDetail(id: event))
        #expect(detail.attempts.map(\.upstream) == ["http://127.0.0.1:\(harness.upstreamServer.port)"])
        #expect(try await harness.adminJSON("/api/events/\(event)")["attempts"]?[0]?["upstream"] == .string(harness.bridge.upstreamBaseURL))
        try await harness.stop()
    }

    /// `serve --extra-fields-parameter` names the query parameter a PATCH
    /// with fields outside the schema carries (Reach's name is not confirmed).
    @Test func theExtraFieldsParameterIsTheConfiguredOne() async throws {
        let mappings = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-extra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mappings) }
        let mapping =
            #"{"source": "crm", "verify": {"scheme": "none"}, "allowExtraFields": true, "key": "$.id", "rules": [{"name": "r", "externalId": "$.customer", "set": {"loyaltyTier": "$.tier"}}]}"#
        try Data(mapping.utf8).write(to: mappings.appendingPathComponent("crm.json"))
        let harness = try await BridgeHarness.start(
            upstreamOptions: MockReachOptions(extraFieldsParameter: "acceptExtra"), mappingsDirectory: mappings.path
        ) { $0.extraFieldsParameter = "acceptExtra" }
        let reply = try await harness.post(
            "/hooks/crm", body: Array(#"{"id": "e1", "customer": "c1", "tier": "gold"}"#.utf8), headers: ["Content-Type": "application/json"])
        #expect(reply.status == 202)
        #expect(try await harness.waitUntil { harness.patches.first?.status != nil })
        #expect(harness.patches.first?.path == "/api/resources/customers/c1?acceptExtra=true")
        #expect(harness.patches.first?.status == 200)
        try await harness.stop()
    }

    @Test func duplicatesGiveOnePatch() async throws {
        let harness = try await BridgeHarness.start()
        let first = try await harness.postStripe(event: "evt_dup", customer: "cus_dup", email: "a@example.com", created: 1_700_000_000)
        #expect(first.status == 202)
        let replies = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await harness.postStripe(event: "evt_dup", customer: "cus_dup", email: "a@example.com", created: 1_700_000_000).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies == Array(repeating: 200, count: 8))
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(harness.patches.count == 1)
        try await harness.stop()
    }

    @Test func eachCustomersUpdatesArriveInAcceptanceOrderThroughFaults() async throws {
        var faults = FaultPlan()
        faults.seed = 7
        faults.failRate = 0.3
        faults.failStatuses = [500, 502, 503]
        faults.rateLimitRate = 0.1
        faults.retryAfterSeconds = 0
        faults.dropRate = 0.05
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(faults: faults))
        let customers = ["cus_a", "cus_b", "cus_c", "cus_d"]
        let perCustomer = 15
        try await withThrowingTaskGroup(of: Void.self) { group in
            for customer in customers {
                group.addTask {
                    for index in 0..<perCustomer {
                        let reply = try await harness.postStripe(
                            event: "evt_\(customer)_\(index)", customer: customer, email: "v\(index)@example.com",
                            created: 1_700_000_000 + index)
                        #expect(reply.status == 202)
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = customers.count * perCustomer
        #expect(try await harness.waitUntil(seconds: 60) { try await harness.bridge.store.statusCounts().events[.delivered] == total })
        for customer in customers {
            let applied = harness.patches.filter { $0.externalId == customer && $0.status == 200 }.compactMap { entry -> Int? in
                guard let email = (try? JSONParser().parse(entry.body))?["data"]?["email"]?.stringValue else { return nil }
                return Int(email.dropFirst().prefix { $0 != "@" })
            }
            #expect(applied == applied.sorted(), "\(customer) saw \(applied)")
            #expect(applied.last == perCustomer - 1)
        }
        #expect(harness.patches.contains { $0.status != 200 }, "the upstream injected no fault")
        #expect(harness.patches.contains { $0.dropped }, "the upstream dropped no connection")
        try await harness.stop()
    }

    @Test func aRejectedPatchIsDeadLetteredWithItsReason() async throws {
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(createOnPatch: false))
        _ = try await harness.postStripe(event: "evt_404", customer: "cus_unknown", email: "a@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 1 })
        let dead = try await harness.bridge.store.events(matching: EventQuery(status: .dead))
        let deadEvent = try #require(dead.events.first)
        let detail = try #require(try await harness.bridge.store.eventDetail(id: deadEvent.id))
        #expect(detail.attempts.map(\.httpStatus) == [404])
        #expect(detail.updates.first?.lastHTTPStatus == 404)
        #expect(harness.patches.count == 1)
        try await harness.stop()
    }

    @Test func aLateRetryOfAnOlderEventDoesNotUndoANewerOne() async throws {
        let harness = try await BridgeHarness.start()
        _ = try await harness.postStripe(event: "evt_new", customer: "cus_s", email: "new@example.com", created: 1_700_000_100)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        _ = try await harness.postStripe(event: "evt_old", customer: "cus_s", email: "old@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 2 })
        let emails = harness.patches.compactMap { (try? JSONParser().parse($0.body))?["data"]?["email"]?.stringValue }
        #expect(emails == ["new@example.com"])
        try await harness.stop()
    }

    @Test func badSignaturesAndBodiesAreRefusedAndStoreNothing() async throws {
        let harness = try await BridgeHarness.start()
        let unsigned = try await harness.post("/hooks/stripe", body: Array(#"{"id":"evt_x"}"#.utf8), headers: ["Content-Type": "application/json"])
        #expect(unsigned.status == 401)
        #expect(unsigned.body == ["status": "error", "message": "verification failed"])
        let unknown = try await harness.post("/hooks/nope", body: [], headers: [:])
        #expect(unknown.status == 404)
        #expect(try await harness.bridge.store.events(matching: EventQuery()).events.isEmpty)
        try await harness.stop()
    }
}
