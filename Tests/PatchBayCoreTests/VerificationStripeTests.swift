import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: Stripe")
struct VerificationStripeTests {
    static let body = #"{"id":"evt_1","object":"event","type":"customer.created"}"#
    /// The self-computed vector of providers.md.
    static let signature = "7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698"
    /// The same delivery signed with `whsec_new_secret` (python hmac).
    static let rotatedSignature = "fc83ee1466381d8e1a84eaaea4e47625dd9b3484ebf97671c008f6fbbe4c9671"
    static let delivery = TestWebhook.request(
        headers: [("Stripe-Signature", "t=1700000000,v1=\(signature)")], body: body
    )
    static let verifier = StripeVerifier(secrets: TestWebhook.secrets("whsec_test_secret"))
    static let now = TestWebhook.at(1_700_000_010)

    @Test func acceptsTheVector() {
        #expect(Self.verifier.failure(Self.delivery, now: Self.now) == nil)
    }

    @Test func findsTheHeaderWhateverItsCase() {
        let delivery = Self.delivery.withoutHeader("Stripe-Signature")
            .withHeader("stripe-signature", "t=1700000000,v1=\(Self.signature)")
        #expect(Self.verifier.failure(delivery, now: Self.now) == nil)
    }

    @Test func acceptsWhenAnyV1MatchesAndIgnoresV0() {
        let header = "t=1700000000,v1=\(Self.rotatedSignature),v0=6ffbb59b2300aae63f2727,v1=\(Self.signature)"
        #expect(Self.verifier.failure(Self.delivery.withHeader("Stripe-Signature", header), now: Self.now) == nil)
    }

    @Test func acceptsTheSecondSecretWhileRotating() {
        let verifier = StripeVerifier(secrets: TestWebhook.secrets("whsec_old_secret", "whsec_test_secret"))
        #expect(verifier.failure(Self.delivery, now: Self.now) == nil)
        let rotated = Self.delivery.withHeader("Stripe-Signature", "t=1700000000,v1=\(Self.rotatedSignature)")
        let newOnly = StripeVerifier(secrets: TestWebhook.secrets("whsec_test_secret", "whsec_new_secret"))
        #expect(newOnly.failure(rotated, now: Self.now) == nil)
    }

    @Test func rejectsATamperedBody() {
        let tampered = Self.delivery.withBody(#"{"id":"evt_1","object":"event","type":"customer.deleted"}"#)
        #expect(Self.verifier.failure(tampered, now: Self.now) == .signatureMismatch)
    }

    @Test func rejectsATamperedTimestamp() {
        let tampered = Self.delivery.withHeader("Stripe-Signature", "t=1700000001,v1=\(Self.signature)")
        #expect(Self.verifier.failure(tampered, now: Self.now) == .signatureMismatch)
    }

    @Test func rejectsAWrongSecret() {
        let verifier = StripeVerifier(secrets: TestWebhook.secrets("whsec_other"))
        #expect(verifier.failure(Self.delivery, now: Self.now) == .signatureMismatch)
    }

    @Test func keepsTheToleranceInBothDirections() {
        #expect(Self.verifier.failure(Self.delivery, now: TestWebhook.at(1_700_000_300)) == nil)
        #expect(Self.verifier.failure(Self.delivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(Self.verifier.failure(Self.delivery, now: TestWebhook.at(1_699_999_700)) == nil)
        #expect(Self.verifier.failure(Self.delivery, now: TestWebhook.at(1_699_999_699)) == .futureTimestamp)
    }

    @Test func usesAConfiguredTolerance() {
        let verifier = StripeVerifier(secrets: TestWebhook.secrets("whsec_test_secret"), tolerance: .init(seconds: 600))
        #expect(verifier.failure(Self.delivery, now: TestWebhook.at(1_700_000_599)) == nil)
        #expect(verifier.failure(Self.delivery, now: TestWebhook.at(1_700_000_601)) == .staleTimestamp)
    }

    @Test func rejectsAMissingHeader() {
        let delivery = Self.delivery.withoutHeader("Stripe-Signature")
        #expect(Self.verifier.failure(delivery, now: Self.now) == .missingHeader("Stripe-Signature"))
    }

    @Test(arguments: [
        ("garbage", "an item is not key=value"),
        ("v1=\(signature)", "no t timestamp"),
        ("t=1700000000", "no v1 signature"),
        ("t=1700000000,v0=\(signature)", "no v1 signature"),
        ("t=soon,v1=\(signature)", "t is not a Unix time in seconds"),
        ("t=-1700000000,v1=\(signature)", "t is not a Unix time in seconds"),
        ("t=1700000000,t=1700000000,v1=\(signature)", "more than one t"),
        ("t=1700000000,v1=zz\(signature.dropFirst(2))", "a v1 signature is not hex"),
    ])
    func rejectsAMalformedHeader(header: String, reason: String) {
        let delivery = Self.delivery.withHeader("Stripe-Signature", header)
        #expect(Self.verifier.failure(delivery, now: Self.now) == .malformedHeader("Stripe-Signature", reason: reason))
    }

    @Test func rejectsARepeatedHeader() {
        let delivery = Self.delivery.withRepeatedHeader("Stripe-Signature")
        #expect(Self.verifier.failure(delivery, now: Self.now) == .malformedHeader("Stripe-Signature", reason: "sent 2 times"))
    }
}
