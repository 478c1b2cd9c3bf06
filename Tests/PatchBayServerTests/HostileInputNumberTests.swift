import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore
import TestSupport
import Testing

/// Numbers no machine type holds (`1e999999`, a 400-digit integer) are valid
/// JSON. The bridge keeps them exact: the raw delivery is stored byte for
/// byte, a number mapped to a text field reaches the PATCH as its exact
/// digits, and a number that cannot be a time makes the event fail mapping
/// (recorded, answered 2xx, nothing sent) rather than wrap or round.
@Suite struct HostileInputNumberTests {
    static let digits = "9" + String(repeating: "1234567890", count: 40)

    @Test func hugeNumbersAreKeptExactAndMappedAsTheirDigits() async throws {
        try await BridgeHarness.run { harness in
            let body = Array(
                #"{"type":"customer.updated","data":{"customerId":\#(Self.digits),"firstName":"Big","score":1e999999,"tiny":-1E-999999}}"#.utf8)
            let reply = try await harness.send(
                HookRequest(
                    target: "/hooks/standard-webhooks",
                    headers: [("Content-Type", "application/json")]
                        + ProviderSignatures.standardWebhooks(body, id: "msg_big", secret: BridgeHarness.secret(of: "standard-webhooks")), body: body)
            )
            #expect(reply.status == 202)
            #expect(reply.body == ["status": "accepted", "events": 1])

            let event = try #require(try await harness.storedEvents().first)
            #expect(event.idempotencyKey == "msg_big")
            let stored = try #require(try await harness.bridge.store.rawDelivery(forEvent: event.id))
            #expect(stored.delivery.body == body)

            #expect(try await harness.waitUntil { harness.patches.count == 1 })
            let patch = try #require(harness.patches.first)
            #expect(patch.path == "/api/resources/customers/" + Self.digits)
            let sent = try JSONParser().parse(patch.body)
            #expect(sent["data"] == ["customerId": .string(Self.digits), "firstName": "Big"])
        }
    }

    @Test func aTimeOutOfRangeFailsTheEventWithoutWrapping() async throws {
        try await BridgeHarness.run { harness in
            for (key, created) in [("evt_exponent", "1e999999"), ("evt_digits", Self.digits), ("evt_negative", "-" + Self.digits)] {
                let body = Array(
                    #"{"id":"\#(key)","object":"event","type":"customer.updated","created":\#(created),"data":{"object":{"id":"cus_1","email":"a@example.com"}}}"#
                        .utf8)
                let reply = try await harness.send(HostileInputBodyTests.stripe(body))
                #expect(reply.status == 202, "\(key)")
            }
            let events = try await harness.storedEvents()
            #expect(events.count == 3)
            for event in events {
                #expect(event.status == .failedMapping, "\(event.idempotencyKey)")
                #expect(event.eventTime == nil, "\(event.idempotencyKey)")
                #expect(event.error?.hasPrefix("event time:") == true, "\(event.idempotencyKey): \(event.error ?? "")")
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(harness.patches.isEmpty)
        }
    }
}
