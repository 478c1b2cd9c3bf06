import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: Standard Webhooks")
struct VerificationStandardWebhooksTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    /// The official vector of providers.md.
    static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    static let verifier = try! StandardWebhooksVerifier(secrets: TestWebhook.secrets(secret))
    static let now = TestWebhook.at(1_614_265_330)

    static func delivery(prefix: String = "webhook-", signature: String = signature) -> Delivery {
        TestWebhook.request(
            headers: [
                (prefix + "id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                (prefix + "timestamp", "1614265330"),
                (prefix + "signature", signature),
            ],
            body: #"{"test": 2432232314}"#
        )
    }

    @Test func acceptsTheOfficialVector() {
        #expect(Self.verifier.failure(Self.delivery(), now: Self.now) == nil)
    }

    @Test func acceptsSvixHeaderNames() {
        #expect(Self.verifier.failure(Self.delivery(prefix: "svix-"), now: Self.now) == nil)
        #expect(Self.verifier.failure(Self.delivery(prefix: "Svix-"), now: Self.now) == nil)
    }

    @Test func acceptsAnyOfSeveralSignaturesAndIgnoresOtherVersions() {
        let header = "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiAzMiBieXRlcyEhISE= v2,c29tZXRoaW5nIGVsc2U= \(Self.signature)"
        #expect(Self.verifier.failure(Self.delivery(signature: header), now: Self.now) == nil)
    }

    @Test func acceptsASecretWithoutItsPrefixAndARotatedOne() throws {
        let bare = try StandardWebhooksVerifier(secrets: TestWebhook.secrets("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(bare.failure(Self.delivery(), now: Self.now) == nil)
        let rotating = try StandardWebhooksVerifier(secrets: TestWebhook.secrets("whsec_c2VjcmV0LW9uZQ==", Self.secret))
        #expect(rotating.failure(Self.delivery(), now: Self.now) == nil)
    }

    @Test func rejectsTampering() {
        #expect(Self.verifier.failure(Self.delivery().withBody(#"{"test": 2432232315}"#), now: Self.now) == .signatureMismatch)
        let otherID = Self.delivery().withHeader("webhook-id", "msg_other")
        #expect(Self.verifier.failure(otherID, now: Self.now) == .signatureMismatch)
        let otherTime = Self.delivery().withHeader("webhook-timestamp", "1614265331")
        #expect(Self.verifier.failure(otherTime, now: Self.now) == .signatureMismatch)
    }

    @Test func rejectsAWrongSecret() throws {
        let verifier = try StandardWebhooksVerifier(secrets: TestWebhook.secrets("whsec_c2VjcmV0LW9uZQ=="))
        #expect(verifier.failure(Self.delivery(), now: Self.now) == .signatureMismatch)
    }

    @Test func keepsFiveMinutesEitherWay() {
        #expect(Self.verifier.failure(Self.delivery(), now: TestWebhook.at(1_614_265_630)) == nil)
        #expect(Self.verifier.failure(Self.delivery(), now: TestWebhook.at(1_614_265_631)) == .staleTimestamp)
        #expect(Self.verifier.failure(Self.delivery(), now: TestWebhook.at(1_614_265_029)) == .futureTimestamp)
    }

    @Test func rejectsMissingHeaders() {
        for name in ["webhook-id", "webhook-timestamp"] {
            #expect(Self.verifier.failure(Self.delivery().withoutHeader(name), now: Self.now) == .missingHeader(name))
        }
        let unsigned = Self.delivery().withoutHeader("webhook-signature")
        #expect(Self.verifier.failure(unsigned, now: Self.now) == .missingHeader("webhook-signature"))
    }

    @Test(arguments: [
        ("webhook-timestamp", "16142653300000000", "not a Unix time in seconds"),
        ("webhook-timestamp", "yesterday", "not a Unix time in seconds"),
        ("webhook-signature", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "an entry is not version,signature"),
        ("webhook-signature", "v1,***", "a v1 signature is not base64"),
        ("webhook-signature", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "no v1 signature"),
    ])
    func rejectsMalformedHeaders(name: String, value: String, reason: String) {
        let delivery = Self.delivery().withHeader(name, value)
        #expect(Self.verifier.failure(delivery, now: Self.now) == .malformedHeader(name, reason: reason))
    }

    @Test func refusesASecretThatIsNotBase64() {
        #expect(throws: InvalidSecret(index: 1, reason: "not base64 after the optional whsec_ prefix")) {
            try StandardWebhooksVerifier(secrets: TestWebhook.secrets(Self.secret, "whsec_not base64!"))
        }
    }
}
