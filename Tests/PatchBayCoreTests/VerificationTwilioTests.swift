import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: Twilio")
struct VerificationTwilioTests {
    static let verifier = TwilioVerifier(secrets: TestWebhook.secrets("12345"))
    static let now = TestWebhook.at(1_700_000_000)
    /// The official parameters, form-encoded in an order other than the signed one.
    static let form = "To=%2B18005551212&From=%2B14158675309&Digits=1234&Caller=%2B14158675309&CallSid=CA1234567890ABCDE"
    /// The official signatures for the URL without and with `:443`.
    static let signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    static let signatureWithPort = "kvajT1Ptam85bY51eRf/AJRuM3w="

    static func delivery(url: String = "https://mycompany.com/myapp.php?foo=1&bar=2", signature: String = signature) -> Delivery {
        TestWebhook.request(url: url, headers: [("X-Twilio-Signature", signature)], body: form)
    }

    @Test func acceptsTheOfficialVectors() {
        #expect(Self.verifier.failure(Self.delivery(), now: Self.now) == nil)
        let withPort = Self.delivery(url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", signature: Self.signatureWithPort)
        #expect(Self.verifier.failure(withPort, now: Self.now) == nil)
    }

    @Test func acceptsTheDefaultPortAddedOrRemoved() {
        let portSeenSignedWithout = Self.delivery(url: "https://mycompany.com:443/myapp.php?foo=1&bar=2")
        #expect(Self.verifier.failure(portSeenSignedWithout, now: Self.now) == nil)
        let noPortSeenSignedWith = Self.delivery(signature: Self.signatureWithPort)
        #expect(Self.verifier.failure(noPortSeenSignedWith, now: Self.now) == nil)
        let otherScheme = Self.delivery(url: "http://mycompany.com/myapp.php?foo=1&bar=2")
        #expect(Self.verifier.failure(otherScheme, now: Self.now) == .signatureMismatch)
    }

    @Test func usesTheConfiguredPublicURLWithTheRequestQuery() {
        let verifier = TwilioVerifier(secrets: TestWebhook.secrets("12345"), publicURL: PublicURL("https://mycompany.com/myapp.php"))
        let behindProxy = Self.delivery(url: "http://127.0.0.1:8080/hooks/twilio?foo=1&bar=2")
        #expect(verifier.failure(behindProxy, now: Self.now) == nil)
        #expect(Self.verifier.failure(behindProxy, now: Self.now) == .signatureMismatch)
        let otherQuery = Self.delivery(url: "http://127.0.0.1:8080/hooks/twilio?foo=1&bar=3")
        #expect(verifier.failure(otherQuery, now: Self.now) == .signatureMismatch)
    }

    @Test func sortsRepeatedParametersByValue() {
        // python: base64(HMAC-SHA1("12345", "https://mycompany.com/sms" + "BodySTOPTagaTagb"))
        let delivery = TestWebhook.request(
            url: "https://mycompany.com/sms", headers: [("X-Twilio-Signature", "nYHv3yRc6ytxPgPeuOhg7/QjxWs=")],
            body: "Tag=b&Body=STOP&Tag=a"
        )
        #expect(Self.verifier.failure(delivery, now: Self.now) == nil)
    }

    @Test func checksJSONBodiesAgainstBodySHA256() {
        let url = "https://mycompany.com/sms?bodySHA256=b0120e78ac0dc4e7f18eb051332da82873a72d18d06832ef35381a1a981aaf4c"
        let delivery = TestWebhook.request(
            url: url, headers: [("X-Twilio-Signature", "9RgYMdvAdU8g1v2LkYpIeN8HyPU=")],
            body: #"{"From":"+14158675309","Body":"STOP"}"#
        )
        #expect(Self.verifier.failure(delivery, now: Self.now) == nil)
        #expect(
            Self.verifier.failure(delivery.withBody(#"{"From":"+14158675309","Body":"START"}"#), now: Self.now)
                == .bodyDigestMismatch)
        var otherDigest = delivery
        otherDigest.url = "https://mycompany.com/sms?bodySHA256=" + String(repeating: "0", count: 64)
        #expect(Self.verifier.failure(otherDigest, now: Self.now) == .bodyDigestMismatch)
        otherDigest.url = "https://mycompany.com/sms?bodySHA256=xyz"
        #expect(
            Self.verifier.failure(otherDigest, now: Self.now)
                == .malformedURL(reason: "bodySHA256 is not one hex SHA-256 digest"))
    }

    @Test func rejectsTamperedParameters() {
        let tampered = Self.delivery().withBody(Self.form.replacingOccurrences(of: "Digits=1234", with: "Digits=1235"))
        #expect(Self.verifier.failure(tampered, now: Self.now) == .signatureMismatch)
        let added = Self.delivery().withBody(Self.form + "&OptOutType=STOP")
        #expect(Self.verifier.failure(added, now: Self.now) == .signatureMismatch)
    }

    @Test func rejectsAWrongTokenAndAcceptsARotatedOne() {
        #expect(TwilioVerifier(secrets: TestWebhook.secrets("54321")).failure(Self.delivery(), now: Self.now) == .signatureMismatch)
        #expect(TwilioVerifier(secrets: TestWebhook.secrets("54321", "12345")).failure(Self.delivery(), now: Self.now) == nil)
    }

    @Test func rejectsMissingAndMalformedInput() {
        let header = "X-Twilio-Signature"
        #expect(Self.verifier.failure(Self.delivery().withoutHeader(header), now: Self.now) == .missingHeader(header))
        #expect(
            Self.verifier.failure(Self.delivery(signature: "not base64!"), now: Self.now)
                == .malformedHeader(header, reason: "not base64"))
        #expect(
            Self.verifier.failure(Self.delivery().withBody("Body=%ZZ"), now: Self.now)
                == .malformedBody(reason: "form parameters: malformed percent escape at byte 5"))
        #expect(
            Self.verifier.failure(Self.delivery(url: "/myapp.php"), now: Self.now)
                == .malformedURL(reason: "not an absolute URL"))
    }
}
