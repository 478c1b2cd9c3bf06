import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@testable import PatchBayServer

/// Mailgun's single-use token is claimed with the commit: a provider's resend
/// is a duplicate, never refused; the same token on another body is a replay.
@Suite struct MailgunTokenTests {
    @Test func anIdenticalResendIsADuplicateAndTheTokenOnAnotherBodyIsRefused() async throws {
        try await BridgeHarness.run { harness in
            let delivery = ProviderSigner.mailgun.request(id: "evt_m1", publicBase: "http://127.0.0.1")
            #expect(try await harness.send(delivery).status == 202)
            #expect(try await harness.send(delivery).status == 200)
            // The body is not signed: another event under the same signed token is a replay.
            let replayed = delivery.replacingInBody(#""id":"evt_m1""#, with: #""id":"evt_m2""#)
            #expect(try await harness.send(replayed).status == 401)
            #expect(try await harness.storedEvents().map(\.idempotencyKey) == ["evt_m1"])
            let rejection = try harness.logs.objects().last { $0["message"] == "delivery rejected" }
            #expect(rejection?["check"] == .string(VerificationFailure.replayedToken.description))
        }
    }

    /// A delivery the store could not keep leaves its token unclaimed, so
    /// Mailgun's retry of it is accepted.
    @Test func aRetryOfADeliveryThatWasNotKeptIsAccepted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-mailgun-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try SQLiteStore(directory: directory)
        let signed = ProviderSigner.mailgun.request(id: "evt_m3", publicBase: "http://127.0.0.1")
        let verifier = MailgunVerifier(secrets: [Array(BridgeHarness.secret(of: "mailgun").utf8)])
        let request = Delivery(method: "POST", url: "http://127.0.0.1/hooks/mailgun", headers: [:], body: signed.body)
        try verifier.verify(request, now: Date())
        let token = try #require(verifier.singleUseToken(in: request))
        var first = IngestDelivery(
            source: "mailgun", receivedAt: Date(), headers: [:], body: signed.body,
            events: [IngestEvent(idempotencyKey: "", mapping: .updates([]))], singleUseToken: token)
        await #expect(throws: EventStoreError.self) { try await log.ingest(first) }
        first.events[0].idempotencyKey = "evt_m3"
        #expect(try await log.ingest(first).acceptedCount == 1)
        try await log.close()
    }
}
