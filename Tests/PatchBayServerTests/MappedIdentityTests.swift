import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore
import TestSupport
import Testing

/// What `serve` does with a correctly signed delivery whose identity values
/// or fields are hostile or invalid: nothing reaches the wrong customer, and
/// one bad field does not sink the rest of the event.
@Suite(.serialized) struct MappedIdentityTests {
    @Test func anExternalIdWithANULIsAMappingFailureAndNothingIsSent() async throws {
        let harness = try await BridgeHarness.start()
        let hostile = try await harness.postStripe(
            event: "evt_nul", customer: #"cus_victim\u0000attacker"#, email: "attacker@example.com", created: 1_700_000_000)
        #expect(hostile.status == 202)
        let dot = try await harness.postStripe(event: "evt_dot", customer: "..", email: "attacker@example.com", created: 1_700_000_000)
        #expect(dot.status == 202)
        _ = try await harness.postStripe(event: "evt_ok", customer: "cus_victim", email: "victim@example.com", created: 1_700_000_001)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })

        let failed = try await harness.bridge.store.events(matching: EventQuery(status: .failedMapping)).events
        #expect(Set(failed.map(\.idempotencyKey)) == ["evt_nul", "evt_dot"])
        let nul = try #require(failed.first { $0.idempotencyKey == "evt_nul" })
        #expect(
            nul.error
                == #"rule "customer created or updated": externalId at $.data.object.id is not a valid identity value: it contains the control character U+0000"#
        )
        #expect(harness.patches.map(\.path) == ["/api/resources/customers/cus_victim"])
        let body = try JSONParser().parse(try #require(harness.patches.first).body)
        #expect(body["data"]?["email"] == "victim@example.com")
        try await harness.stop()
    }

    @Test func anInvalidFieldIsLeftOutRecordedAndCountedWhileTheRestIsSent() async throws {
        let harness = try await BridgeHarness.start()
        let body =
            #"{"id":"evt_phone","object":"event","type":"customer.updated","created":1700000000,"data":{"object":{"id":"cus_p","object":"customer","created":1699335116,"email":"p@example.com","phone":"call me"}}}"#
        let signature = ProviderSignatures.stripe(Array(body.utf8), secret: BridgeHarness.stripeSecret)
        let reply = try await harness.post(
            "/hooks/stripe", body: Array(body.utf8), headers: ["Content-Type": "application/json", signature.name: signature.value])
        #expect(reply.status == 202)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })

        let patch = try JSONParser().parse(try #require(harness.patches.first).body)
        #expect(patch["data"]?["email"] == "p@example.com")
        #expect(patch["data"]?["phone"] == nil)
        let event = try #require(try await harness.storedEvents().first)
        #expect(
            event.error?.hasPrefix(#"fields left out: rule "customer created or updated": field "phone": "call me" is not a phone number"#) == true)
        let metrics = PrometheusText(try await harness.admin("GET", "/metrics").body)
        #expect(metrics.value(#"patchbay_mapping_fields_omitted_total{source="stripe"}"#) == 1)
        #expect(metrics.value(#"patchbay_mapping_errors_total{source="stripe"}"#) == nil)
        try await harness.stop()
    }
}
