import Foundation
import PatchBayCore
import PatchBayServer
import ReachStandIn
import Testing

/// The bridge's own log lines: a delivery and its PATCH attempts share ids,
/// and nothing personal gets through.
@Suite struct DeliveryLogTests {
    @Test func aDeliveryAndItsAttemptsShareEventIdsAndAreRedacted() async throws {
        var faults = FaultPlan()
        faults.seed = 3
        faults.failRate = 0.5
        faults.failStatuses = [503]
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(faults: faults))
        let email = "jenny.rosen@example.com"
        #expect(try await harness.postStripe(event: "evt_log", customer: email, email: email, created: 1_700_000_000).status == 202)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        _ = try await harness.waitUntil { try harness.logs.withMessage("update delivered").count == 1 }

        let accepted = try #require(try harness.logs.withMessage("delivery accepted").first)
        let eventIds = try #require(accepted["event_ids"])
        #expect(accepted["delivery_id"]?.stringValue != nil)
        #expect(accepted["label"] == "patchbay.ingest")
        let attempts = try harness.logs.objects().filter { $0["label"] == "patchbay.dispatcher" }
        #expect(!attempts.isEmpty)
        for attempt in attempts {
            #expect(attempt["event_ids"] == eventIds)
            #expect(attempt["customer"] == "[email]")
        }
        for line in harness.logs.all {
            #expect(!line.contains("jenny"), "personal data in \(line)")
        }
        try await harness.stop()
    }
}
