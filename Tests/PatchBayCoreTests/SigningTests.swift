import Crypto
import Foundation
import Testing

@testable import PatchBayCore

/// The signers beside the verifiers: each reproduces its provider's official
/// vector where the scheme is deterministic, and every scheme's signed
/// delivery passes its verifier and fails it once tampered with.
@Suite("Signing: every scheme as its provider signs")
struct SigningTests {
    static func settings(_ json: String) throws -> VerificationSettings {
        try VerificationSettingsTests.settings(json)
    }

    /// An official (or providers.md) vector: the request as the provider sent
    /// it, the header its signature is in, and the time it was signed.
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let verify: String
        let secret: String
        let signed: Delivery
        let headers: [String]
        let time: Double

        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "GitHub", verify: #"{"scheme": "github"}"#, secret: "It's a Secret to Everybody",
            signed: VerificationHMACTests.githubDelivery, headers: ["X-Hub-Signature-256"], time: 1_700_000_000),
        Vector(
            name: "Shopify", verify: #"{"scheme": "shopify"}"#, secret: "test_secret_key",
            signed: VerificationHMACTests.shopifyDelivery, headers: ["X-Shopify-Hmac-Sha256"], time: 1_700_000_000),
        Vector(
            name: "Stripe", verify: #"{"scheme": "stripe"}"#, secret: "whsec_test_secret",
            signed: VerificationStripeTests.delivery, headers: ["Stripe-Signature"], time: 1_700_000_000),
        Vector(
            name: "Standard Webhooks", verify: #"{"scheme": "standard-webhooks"}"#, secret: VerificationStandardWebhooksTests.secret,
            signed: VerificationStandardWebhooksTests.delivery(), headers: ["webhook-signature"], time: 1_614_265_330),
        Vector(
            name: "Twilio", verify: #"{"scheme": "twilio"}"#, secret: "12345",
            signed: VerificationTwilioTests.delivery().withHeader("Content-Type", "application/x-www-form-urlencoded"),
            headers: ["X-Twilio-Signature"], time: 1_700_000_000),
        Vector(
            name: "HubSpot", verify: #"{"scheme": "hubspot"}"#, secret: VerificationHubSpotTests.secret,
            signed: VerificationHubSpotTests.official, headers: ["X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"], time: 15_000),
        Vector(
            name: "Paddle", verify: VerificationSignatureFormatTests.paddleJSON, secret: VerificationSignatureFormatTests.paddleSecret,
            signed: VerificationSignatureFormatTests.paddleDelivery.withHeader(
                "Paddle-Signature", "ts=1696195954;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02"),
            headers: ["Paddle-Signature"], time: 1_696_195_954),
        Vector(
            name: "Recurly", verify: VerificationSignatureFormatTests.recurlyJSON, secret: VerificationSignatureFormatTests.recurlySecret,
            signed: VerificationSignatureFormatTests.recurlyDelivery, headers: ["Recurly-Signature"], time: 1_663_103_925.004),
        Vector(
            name: "Telnyx (RFC 8032 key)", verify: VerificationSignatureFormatTests.telnyxJSON,
            secret: "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
            signed: VerificationSignatureFormatTests.telnyxDelivery, headers: ["telnyx-signature-ed25519", "telnyx-timestamp"], time: 1_700_000_000),
    ]

    @Test(arguments: vectors)
    func reproducesTheVector(_ vector: Vector) throws {
        var unsigned = vector.signed
        for header in vector.headers { unsigned = unsigned.withoutHeader(header) }
        let signer = try Self.settings(vector.verify).makeSigner(signingKey: Array(vector.secret.utf8))
        let signed = try signer.sign(unsigned, at: Date(timeIntervalSince1970: vector.time))
        for header in vector.headers {
            #expect(signed.headers.values(header) == vector.signed.headers.values(header), "\(header)")
        }
    }

    /// A scheme, the key its sender signs with and the secret the bridge holds.
    struct Scheme: Sendable, CustomTestStringConvertible {
        let verify: String
        let signingKey: String
        let secret: String
        let body: String
        var contentType = "application/json"

        var testDescription: String { verify }
    }

    static let ed25519Key = Curve25519.Signing.PrivateKey()
    static let sendGridKey = P256.Signing.PrivateKey()

    static let schemes: [Scheme] = [
        Scheme(verify: #"{"scheme": "stripe"}"#, signingKey: "whsec_k", secret: "whsec_k", body: #"{"id":"evt_1"}"#),
        Scheme(
            verify: #"{"scheme": "standard-webhooks"}"#, signingKey: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body: #"{"type":"evt"}"#),
        Scheme(verify: #"{"scheme": "typeform"}"#, signingKey: "k", secret: "k", body: #"{"event_id":"evt"}"#),
        Scheme(verify: VerificationSignatureFormatTests.paddleJSON, signingKey: "pdl", secret: "pdl", body: #"{"event_id":"evt"}"#),
        Scheme(verify: VerificationSignatureFormatTests.recurlyJSON, signingKey: "r", secret: "r", body: #"{"id":"evt"}"#),
        Scheme(
            verify:
                #"{"scheme": "hmac", "header": "X-Zendesk-Webhook-Signature", "encoding": "base64", "timestamp": {"header": "X-Zendesk-Webhook-Signature-Timestamp", "unit": "iso8601"}, "signed": "{timestamp}{body}"}"#,
            signingKey: "z", secret: "z", body: #"{"id":"evt"}"#),
        Scheme(
            verify:
                #"{"scheme": "hmac", "header": "Klaviyo-Signature", "timestamp": {"header": "Klaviyo-Timestamp", "unit": "http-date"}, "signed": "{body}{timestamp}"}"#,
            signingKey: "kl", secret: "kl", body: #"{"id":"evt"}"#),
        Scheme(
            verify: #"{"scheme": "hmac", "header": "X-Signature", "algorithm": "sha512", "signed": "{method} {url} {body:sha256}"}"#,
            signingKey: "s", secret: "s", body: #"{"id":"evt"}"#),
        Scheme(
            verify: VerificationSignatureFormatTests.telnyxJSON, signingKey: ed25519Key.rawRepresentation.base64EncodedString(),
            secret: ed25519Key.publicKey.rawRepresentation.base64EncodedString(), body: #"{"id":"evt"}"#),
        Scheme(verify: VerificationJWTTests.vonageJSON, signingKey: "v", secret: "v", body: #"{"id":"evt"}"#),
        Scheme(verify: VerificationJWTTests.messageBirdJSON, signingKey: "m", secret: "m", body: #"{"id":"evt"}"#),
        Scheme(
            verify: #"{"scheme": "twilio"}"#, signingKey: "t", secret: "t", body: "Body=STOP&From=%2B1555&Id=evt",
            contentType: "application/x-www-form-urlencoded"),
        Scheme(verify: #"{"scheme": "twilio"}"#, signingKey: "t", secret: "t", body: #"{"id":"evt"}"#),
        Scheme(
            verify: #"{"scheme": "plivo"}"#, signingKey: "p", secret: "p", body: "Text=STOP&From=1555&MessageUUID=evt",
            contentType: "application/x-www-form-urlencoded"),
        Scheme(
            verify: #"{"scheme": "sendgrid"}"#, signingKey: sendGridKey.pemRepresentation,
            secret: sendGridKey.publicKey.derRepresentation.base64EncodedString(), body: #"[{"sg_event_id":"evt"}]"#),
        Scheme(verify: #"{"scheme": "hubspot"}"#, signingKey: "h", secret: "h", body: #"[{"eventId":"evt"}]"#),
        Scheme(verify: #"{"scheme": "mailgun"}"#, signingKey: "key-1", secret: "key-1", body: #"{"event-data":{"id":"evt"}}"#),
        Scheme(verify: #"{"scheme": "basic"}"#, signingKey: "user:pass", secret: "user:pass", body: "{}"),
        Scheme(verify: #"{"scheme": "token", "query": "token"}"#, signingKey: "s3 cr&t", secret: "s3 cr&t", body: "{}"),
        Scheme(verify: #"{"scheme": "token", "header": "Authorization", "prefix": "Bearer "}"#, signingKey: "tok", secret: "tok", body: "{}"),
    ]

    @Test(arguments: schemes)
    func aSignedDeliveryPassesItsVerifierAndATamperedOneDoesNot(_ scheme: Scheme) throws {
        let settings = try Self.settings(scheme.verify)
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        let request = TestWebhook.request(
            url: "https://hooks.example.com/hooks/source?x=1", headers: [("Content-Type", scheme.contentType)], body: scheme.body)
        let signed = try settings.makeSigner(signingKey: Array(scheme.signingKey.utf8)).sign(request, at: time)
        let verifier = try settings.makeVerifier(secrets: [Array(scheme.secret.utf8)])
        #expect(verifier.failure(signed, now: time.addingTimeInterval(1)) == nil)
        let signsTheBody = !["basic", "token", "mailgun"].contains(settings.scheme.name)
        if signsTheBody {
            let tampered = signed.withBody(String(decoding: signed.body, as: UTF8.self).replacingOccurrences(of: "evt", with: "EVT"))
            #expect(verifier.failure(tampered, now: time.addingTimeInterval(1)) != nil)
        }
        let other = try settings.makeVerifier(secrets: [Array(Self.otherSecret(for: settings).utf8)])
        #expect(other.failure(signed, now: time.addingTimeInterval(1)) != nil)
    }

    private static func otherSecret(for settings: VerificationSettings) -> String {
        switch settings.scheme {
        case .standardWebhooks: "whsec_" + Data("other".utf8).base64EncodedString()
        case .sendGrid: P256.Signing.PrivateKey().publicKey.derRepresentation.base64EncodedString()
        case .ed25519: Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        case .basicAuth: "user:other"
        default: "other"
        }
    }

    @Test func unusableKeysAreNamed() throws {
        #expect(throws: SigningFailure("not a P-256 private key (PEM or base64 DER)")) {
            _ = try Self.settings(#"{"scheme": "sendgrid"}"#).makeSigner(signingKey: Array("nope".utf8))
        }
        #expect(throws: SigningFailure("not an Ed25519 private key (32 bytes, or PKCS #8)")) {
            _ = try Self.settings(VerificationSignatureFormatTests.telnyxJSON).makeSigner(signingKey: Array("AAAA".utf8))
        }
        #expect(throws: SigningFailure("the basic-auth secret is not user:password")) {
            _ = try Self.settings(#"{"scheme": "basic"}"#).makeSigner(signingKey: Array("nocolon".utf8))
        }
        #expect(throws: SigningFailure.self) {
            _ = try Self.settings(#"{"scheme": "standard-webhooks"}"#).makeSigner(signingKey: Array("whsec_!!".utf8))
        }
    }

    @Test func anEd25519KeyIsReadFromPKCS8PEM() throws {
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """
        let signer = try Self.settings(VerificationSignatureFormatTests.telnyxJSON).makeSigner(signingKey: Array(pem.utf8))
        let unsigned = VerificationSignatureFormatTests.telnyxDelivery.withoutHeader("telnyx-signature-ed25519")
        let signed = try signer.sign(unsigned, at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(
            signed.headers.values("telnyx-signature-ed25519")
                == VerificationSignatureFormatTests.telnyxDelivery.headers.values("telnyx-signature-ed25519"))
    }
}
