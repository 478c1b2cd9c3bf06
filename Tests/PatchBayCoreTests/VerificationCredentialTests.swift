import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: basic auth, shared tokens, none")
struct VerificationCredentialTests {
    static let now = TestWebhook.at(1_700_000_000)
    static let basic = try! BasicAuthVerifier(credentials: TestWebhook.secrets("patchbay:correct horse"))
    /// base64("patchbay:correct horse")
    static let basicDelivery = TestWebhook.request(headers: [("Authorization", "Basic cGF0Y2hiYXk6Y29ycmVjdCBob3JzZQ==")])

    @Test func basicAcceptsTheRightCredentials() {
        #expect(Self.basic.failure(Self.basicDelivery, now: Self.now) == nil)
        #expect(Self.basic.failure(Self.basicDelivery.withHeader("authorization", "basic cGF0Y2hiYXk6Y29ycmVjdCBob3JzZQ=="), now: Self.now) == nil)
        let rotating = try! BasicAuthVerifier(credentials: TestWebhook.secrets("patchbay:old", "patchbay:correct horse"))
        #expect(rotating.failure(Self.basicDelivery, now: Self.now) == nil)
    }

    @Test func basicRejectsWrongCredentials() {
        // base64("patchbay:correct horsE"), base64("patchbay:correct horse ")
        for encoded in ["cGF0Y2hiYXk6Y29ycmVjdCBob3JzRQ==", "cGF0Y2hiYXk6Y29ycmVjdCBob3JzZSA="] {
            #expect(
                Self.basic.failure(Self.basicDelivery.withHeader("Authorization", "Basic " + encoded), now: Self.now)
                    == .credentialMismatch)
        }
    }

    @Test func basicRejectsMissingAndMalformedHeaders() {
        #expect(Self.basic.failure(Self.basicDelivery.withoutHeader("Authorization"), now: Self.now) == .missingHeader("Authorization"))
        let malformed = [
            ("Bearer abc", "not Basic credentials"), ("Basic", "not Basic credentials"), ("Basic ***", "credentials are not base64"),
        ]
        for (value, reason) in malformed {
            #expect(
                Self.basic.failure(Self.basicDelivery.withHeader("Authorization", value), now: Self.now)
                    == .malformedHeader("Authorization", reason: reason))
        }
    }

    @Test func basicRefusesASecretWithoutAColon() {
        #expect(throws: InvalidSecret(index: 0, reason: "not user:password")) {
            try BasicAuthVerifier(credentials: TestWebhook.secrets("just-a-password"))
        }
    }

    static let queryToken = SharedTokenVerifier(location: .query("token"), tokens: TestWebhook.secrets("s3cret/+token"))

    @Test func queryTokenAcceptsThePercentEncodedToken() {
        let delivery = TestWebhook.request(url: "https://bridge.example.com/hooks/mailchimp?list=1&token=s3cret%2F%2Btoken#top")
        #expect(Self.queryToken.failure(delivery, now: Self.now) == nil)
        let rotating = SharedTokenVerifier(location: .query("token"), tokens: TestWebhook.secrets("new", "s3cret/+token"))
        #expect(rotating.failure(delivery, now: Self.now) == nil)
    }

    @Test func queryTokenRejectsWrongMissingAndRepeatedTokens() {
        let base = "https://bridge.example.com/hooks/mailchimp"
        #expect(Self.queryToken.failure(TestWebhook.request(url: base + "?token=s3cret"), now: Self.now) == .credentialMismatch)
        #expect(Self.queryToken.failure(TestWebhook.request(url: base + "?token=s3cret/+token"), now: Self.now) == .credentialMismatch)
        #expect(Self.queryToken.failure(TestWebhook.request(url: base), now: Self.now) == .missingQueryParameter("token"))
        #expect(
            Self.queryToken.failure(TestWebhook.request(url: base + "?Token=s3cret%2F%2Btoken"), now: Self.now)
                == .missingQueryParameter("token"))
        #expect(
            Self.queryToken.failure(TestWebhook.request(url: base + "?token=a&token=s3cret%2F%2Btoken"), now: Self.now)
                == .malformedURL(reason: "query parameter token repeated"))
        #expect(
            Self.queryToken.failure(TestWebhook.request(url: base + "?token=%G0"), now: Self.now)
                == .malformedURL(reason: "query string: malformed percent escape at byte 6"))
    }

    @Test func headerTokenWithPrefix() {
        let verifier = SharedTokenVerifier(location: .header("Authorization", prefix: "Bearer "), tokens: TestWebhook.secrets("tok"))
        #expect(verifier.failure(TestWebhook.request(headers: [("Authorization", "Bearer tok")]), now: Self.now) == nil)
        #expect(verifier.failure(TestWebhook.request(headers: [("Authorization", "Bearer toke")]), now: Self.now) == .credentialMismatch)
        #expect(
            verifier.failure(TestWebhook.request(headers: [("Authorization", "tok")]), now: Self.now)
                == .malformedHeader("Authorization", reason: "does not start with the configured prefix"))
        #expect(verifier.failure(TestWebhook.request(), now: Self.now) == .missingHeader("Authorization"))
    }

    @Test func noneAcceptsEverything() {
        #expect(UnverifiedSource().failure(TestWebhook.request(body: "anything"), now: Self.now) == nil)
    }
}
