import Crypto
import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayServer
import PatchBayStore
import PatchBayTransport
import Testing

/// An unsubscribe that carries only an address reaches the customer the
/// identity index names: through the whole bridge, the admin API included.
@Suite(.serialized) struct IdentityResolutionTests {
    /// Posts a SendGrid-signed unsubscribe of `email`.
    private func postSendGridUnsubscribe(_ harness: BridgeHarness, id: String, email: String) async throws -> Int {
        let timestamp = Int(Date().timeIntervalSince1970)
        let body = #"[{"email":"\#(email)","timestamp":\#(timestamp),"event":"unsubscribe","sg_event_id":"\#(id)"}]"#
        let signature = try BridgeHarness.sendGridKey.signature(for: Array("\(timestamp)\(body)".utf8))
        return try await harness.post(
            "/hooks/sendgrid", body: Array(body.utf8),
            headers: [
                "Content-Type": "application/json",
                "X-Twilio-Email-Event-Webhook-Signature": signature.derRepresentation.base64EncodedString(),
                "X-Twilio-Email-Event-Webhook-Timestamp": "\(timestamp)",
            ]
        ).status
    }

    /// The customer the stand-in holds, as its `data`.
    private func customer(_ harness: BridgeHarness, _ externalId: String) async throws -> JSONValue? {
        let response = try await harness.client.send(
            TransportRequest(
                method: "GET", url: "http://127.0.0.1:\(harness.upstreamServer.port)/api/resources/customers/\(externalId)"))
        return try? JSONParser().parse(response.body)["data"]?["result"]?["data"]
    }

    @Test func anUnsubscribeWaitsForItsCustomerAndReachesTheOneStripeTeaches() async throws {
        try await BridgeHarness.run { harness in
            #expect(try await postSendGridUnsubscribe(harness, id: "sg_1", email: "Jenny@Example.com") == 202)
            #expect(try await harness.bridge.store.statusCounts().updates[.waitingIdentity] == 1)
            #expect(try await harness.adminJSON("/api/stats")["updates"]?["waiting_identity"] == 1)
            #expect(try await harness.adminJSON("/api/events?status=waiting_identity")["events"]?[0]?["key"] == "sg_1")
            let metrics = String(decoding: try await harness.admin("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"patchbay_identity_lookups_total{source="sendgrid",outcome="waiting"} 1"#))

            #expect(
                try await harness.postStripe(
                    event: "evt_1", customer: "cus_jenny", email: "jenny@example.com", created: 1_700_000_000, type: "customer.created"
                ).status == 202)
            #expect(try await harness.waitUntil { try await customer(harness, "cus_jenny")?["emailOptOut"] == true })
            #expect(try await customer(harness, "cus_jenny")?["email"] == "jenny@example.com")
            #expect(!harness.patches.contains { $0.path.contains("%40") }, "no PATCH may go to the address itself")
            #expect(try await harness.adminJSON("/api/identities?email=JENNY@example.com") == ["externalIds": ["cus_jenny"]])

            // Known now: the next unsubscribe goes straight to the customer.
            #expect(try await postSendGridUnsubscribe(harness, id: "sg_2", email: "jenny@example.com") == 202)
            #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 3 })
        }
    }

    @Test func theAdminAPIImportsLooksUpAndForgets() async throws {
        try await BridgeHarness.run { harness in
            #expect(try await postSendGridUnsubscribe(harness, id: "sg_1", email: "bo@example.com") == 202)
            let port = try await harness.adminPort()
            let imported = try await harness.client.send(
                TransportRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/api/identities", headers: [.authorization: "Bearer \(BridgeHarness.adminToken)"],
                    body: Array("externalId,email\ncus_bo,Bo@Example.com\n,x@example.com\n".utf8)))
            #expect(imported.status == 200)
            #expect(
                try JSONParser().parse(imported.body) == [
                    "added": 1, "changed": 0, "unchanged": 0, "refused": 1, "releasedUpdates": 1,
                    "refusals": [["line": 3, "reason": "externalId is missing"]],
                ])
            #expect(try await harness.waitUntil { try await customer(harness, "cus_bo")?["emailOptOut"] == true })
            #expect(
                try await harness.adminJSON("/api/identities/stats") == ["entries": ["email": 1, "phone": 0], "customers": 1, "waitingUpdates": 0])
            #expect(try await harness.adminJSON("/api/identities?externalId=cus_bo", method: "DELETE") == ["removed": 1])
            #expect(try await harness.adminJSON("/api/identities?email=bo@example.com") == ["externalIds": []])
            #expect(try await harness.adminJSON("/api/identities?email=nope", status: 400)["message"] == #"email: "nope" is not an email address"#)
            #expect(try await harness.admin("GET", "/api/identities/stats", token: nil).status == 401)
        }
    }
}
