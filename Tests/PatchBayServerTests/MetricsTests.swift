import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore
import ReachStandIn
import Testing

/// `/metrics` on the admin listener after real traffic through the bridge.
@Suite(.serialized) struct MetricsTests {
    private func metrics(_ harness: BridgeHarness) async throws -> PrometheusText {
        let response = try await harness.admin("GET", "/metrics")
        #expect(response.status == 200)
        return PrometheusText(response.body)
    }

    @Test func deliveriesRejectionsAttemptsAndLatencyAreCounted() async throws {
        let harness = try await BridgeHarness.start()
        #expect(try await harness.postStripe(event: "evt_m1", customer: "cus_m1", email: "a@example.com", created: 1_700_000_000).status == 202)
        #expect(try await harness.postStripe(event: "evt_m1", customer: "cus_m1", email: "a@example.com", created: 1_700_000_000).status == 200)
        #expect(
            try await harness.postStripe(event: "evt_m2", customer: "cus_m2", email: "b@example.com", created: 1, type: "charge.succeeded").status
                == 200)
        #expect(try await harness.postStripe(event: "evt_m3", customer: "", email: "c@example.com", created: 1_700_000_000).status == 202)
        #expect(try await harness.post("/hooks/stripe", body: Array("{}".utf8), headers: ["Content-Type": "application/json"]).status == 401)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        await BacklogMonitor(store: harness.bridge.store, metrics: harness.bridge.metrics, logger: .init(label: "test")).runOnce()

        let text = try await metrics(harness)
        #expect(text.value(#"patchbay_deliveries_received_total{source="stripe"}"#) == 5)
        #expect(text.value(#"patchbay_deliveries_accepted_total{source="stripe"}"#) == 2)
        #expect(text.value(#"patchbay_deliveries_duplicate_total{source="stripe"}"#) == 1)
        #expect(text.value(#"patchbay_deliveries_ignored_total{source="stripe"}"#) == 1)
        #expect(text.value(#"patchbay_deliveries_rejected_total{source="stripe",reason="verification"}"#) == 1)
        #expect(text.value(#"patchbay_verification_failures_total{source="stripe",scheme="stripe"}"#) == 1)
        #expect(text.value(#"patchbay_mapping_errors_total{source="stripe"}"#) == 1)
        #expect(text.value(#"patchbay_patch_attempts_total{status_class="2xx"}"#) == 1)
        #expect(text.value("patchbay_delivery_latency_seconds_count") == 1)
        #expect((text.value("patchbay_group_commit_batch_size_count") ?? 0) >= 1)
        #expect(text.value("patchbay_group_commit_batch_size_sum") == 4)
        #expect(text.value("patchbay_pending_updates") == 0)
        #expect(text.value("patchbay_oldest_pending_update_age_seconds") == 0)
        #expect(text.value("patchbay_mapping_set_valid") == 1)
        try await harness.stop()
    }

    @Test func retriesAndDeadLettersAreCounted() async throws {
        var faults = FaultPlan()
        faults.failRate = 1
        faults.failStatuses = [503]
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(faults: faults)) {
            $0.retryPolicy.maxAttempts = 3
        }
        _ = try await harness.postStripe(event: "evt_r", customer: "cus_r", email: "r@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 1 })
        let text = try await metrics(harness)
        #expect(text.value(#"patchbay_patch_attempts_total{status_class="5xx"}"#) == 3)
        #expect(text.value("patchbay_retries_total") == 2)
        #expect(text.value("patchbay_dead_letters_total") == 1)
        #expect(text.value("patchbay_delivery_latency_seconds_count") == 0)
        try await harness.stop()
    }

    @Test func aBacklogShowsInTheGauges() async throws {
        let harness = try await BridgeHarness.start()
        harness.bridge.paused.pause("stripe")
        _ = try await harness.postStripe(event: "evt_b", customer: "cus_b", email: "b@example.com", created: 1_700_000_000)
        await BacklogMonitor(store: harness.bridge.store, metrics: harness.bridge.metrics, logger: .init(label: "test")).runOnce()
        let text = try await metrics(harness)
        #expect(text.value("patchbay_pending_updates") == 1)
        #expect((text.value("patchbay_oldest_pending_update_age_seconds") ?? 0) > 0)
        try await harness.stop()
    }
}
