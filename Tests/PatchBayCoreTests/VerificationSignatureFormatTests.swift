import Foundation
import Testing

@testable import PatchBayCore

/// The template-driven schemes as the shipped mappings write them: each
/// provider's `verify` section, decoded as a mapping file would be, checked
/// against the provider's official vector where it publishes one, else one
/// computed from its documentation (python's hmac and `cryptography`).
@Suite("Verification: signature formats (Paddle, Recurly, Calendly, Customer.io, Zendesk, Square, Telnyx)")
struct VerificationSignatureFormatTests {
    static func verifier(_ json: String, secret: String) throws -> any WebhookVerifier {
        try VerificationSettingsTests.settings(json).makeVerifier(secrets: TestWebhook.secrets(secret))
    }

    // MARK: Paddle Billing (official vector: paddle-php-sdk VerifierTest)

    static let paddleJSON =
        #"{"scheme": "hmac", "header": "Paddle-Signature", "separator": ";", "prefix": "h1=", "timestamp": {"prefix": "ts="}, "signed": "{timestamp}:{body}"}"#
    static let paddleSecret = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"
    static let paddleDelivery = TestWebhook.request(
        headers: [("Paddle-Signature", "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02")],
        body: "hello-world"
    )
    static let paddleNow = TestWebhook.at(1_696_195_955)

    @Test func paddleAcceptsTheOfficialVectorBesideABadEntry() throws {
        let verifier = try Self.verifier(Self.paddleJSON, secret: Self.paddleSecret)
        #expect(verifier.failure(Self.paddleDelivery, now: Self.paddleNow) == nil)
        let rotated = try VerificationSettingsTests.settings(Self.paddleJSON)
            .makeVerifier(secrets: TestWebhook.secrets("pdl_ntf_old", Self.paddleSecret))
        #expect(rotated.failure(Self.paddleDelivery, now: Self.paddleNow) == nil)
    }

    @Test func paddleRefusesTamperingWrongKeysAndStaleTimes() throws {
        let verifier = try Self.verifier(Self.paddleJSON, secret: Self.paddleSecret)
        #expect(verifier.failure(Self.paddleDelivery.withBody("hello-world!"), now: Self.paddleNow) == .signatureMismatch)
        #expect(try Self.verifier(Self.paddleJSON, secret: "pdl_ntf_other").failure(Self.paddleDelivery, now: Self.paddleNow) == .signatureMismatch)
        #expect(verifier.failure(Self.paddleDelivery, now: TestWebhook.at(1_696_195_954 + 301)) == .staleTimestamp)
        #expect(verifier.failure(Self.paddleDelivery, now: TestWebhook.at(1_696_195_954 - 301)) == .futureTimestamp)
        let moved = Self.paddleDelivery.withHeader(
            "Paddle-Signature", "ts=1696195955;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02"
        )
        #expect(verifier.failure(moved, now: Self.paddleNow) == .signatureMismatch)
    }

    @Test(arguments: [
        ("h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02", "no ts= timestamp entry"),
        ("ts=1696195954", "no entry starting with h1="),
        ("ts=1696195954;h1=dummy", "no signature is hex"),
        ("ts=1696195954;ts=1696195954;h1=d962", "more than one ts= entry"),
        ("ts=16961959.54;h1=d962", "the timestamp entry is not a Unix time in seconds"),
        ("ts=;h1=d962", "the timestamp entry is not a Unix time in seconds"),
    ])
    func paddleNamesMalformedHeaders(value: String, reason: String) throws {
        let verifier = try Self.verifier(Self.paddleJSON, secret: Self.paddleSecret)
        let delivery = Self.paddleDelivery.withHeader("Paddle-Signature", value)
        #expect(verifier.failure(delivery, now: Self.paddleNow) == .malformedHeader("Paddle-Signature", reason: reason))
    }

    @Test func paddleNeedsItsHeaderOnce() throws {
        let verifier = try Self.verifier(Self.paddleJSON, secret: Self.paddleSecret)
        #expect(verifier.failure(Self.paddleDelivery.withoutHeader("Paddle-Signature"), now: Self.paddleNow) == .missingHeader("Paddle-Signature"))
        #expect(
            verifier.failure(Self.paddleDelivery.withRepeatedHeader("Paddle-Signature"), now: Self.paddleNow)
                == .malformedHeader("Paddle-Signature", reason: "sent 2 times"))
    }

    // MARK: Recurly (official vector: recurly-client-ruby webhooks_spec)

    static let recurlyJSON =
        #"{"scheme": "hmac", "header": "Recurly-Signature", "separator": ",", "timestamp": {"position": 0, "unit": "milliseconds"}, "signed": "{timestamp}.{body}"}"#
    static let recurlySecret = "354fab5bd35f5a0d50845ee7e30165244468b13c2c343f104e4e730a59326d9d"
    static let recurlyDelivery = TestWebhook.request(
        headers: [("recurly-signature", "1663103925004,ad24699f3beaa24c9af2cc7ada3ce4c835da0090194241b9d3add83d27f14bc3")],
        body:
            #"{"id":"rjxwmwedwqug","object_type":"account","site_id":"qc326l1hl8k9","event_type":"created","event_time":"2022-09-13T21:18:40Z","account_code":"adfas23zzz14123"}"#
    )
    static let recurlyNow = TestWebhook.at(1_663_103_925.5)

    @Test func recurlyAcceptsTheOfficialVectorAndASecondSignature() throws {
        let verifier = try Self.verifier(Self.recurlyJSON, secret: Self.recurlySecret)
        #expect(verifier.failure(Self.recurlyDelivery, now: Self.recurlyNow) == nil)
        let rotating = Self.recurlyDelivery.withHeader(
            "recurly-signature", "1663103925004, 00aa, ad24699f3beaa24c9af2cc7ada3ce4c835da0090194241b9d3add83d27f14bc3"
        )
        #expect(verifier.failure(rotating, now: Self.recurlyNow) == nil)
    }

    @Test func recurlyRefusesTamperingWrongKeysStaleTimesAndBadHeaders() throws {
        let verifier = try Self.verifier(Self.recurlyJSON, secret: Self.recurlySecret)
        #expect(verifier.failure(Self.recurlyDelivery.withBody("{}"), now: Self.recurlyNow) == .signatureMismatch)
        #expect(try Self.verifier(Self.recurlyJSON, secret: "other").failure(Self.recurlyDelivery, now: Self.recurlyNow) == .signatureMismatch)
        // The timestamp is in milliseconds: five minutes later it is stale.
        #expect(verifier.failure(Self.recurlyDelivery, now: TestWebhook.at(1_663_103_925.004 + 300.5)) == .staleTimestamp)
        #expect(
            verifier.failure(Self.recurlyDelivery.withHeader("recurly-signature", "1663103925004"), now: Self.recurlyNow)
                == .malformedHeader("Recurly-Signature", reason: "no signature entry"))
        #expect(
            verifier.failure(Self.recurlyDelivery.withHeader("recurly-signature", "ad24,1663103925004"), now: Self.recurlyNow)
                == .malformedHeader("Recurly-Signature", reason: "the timestamp entry is not a Unix time in milliseconds"))
        #expect(
            verifier.failure(Self.recurlyDelivery.withoutHeader("recurly-signature"), now: Self.recurlyNow) == .missingHeader("Recurly-Signature"))
    }

    @Test func theTimestampEntryIsNeverTriedAsASignature() throws {
        // With no prefix every other entry is a signature; the one the
        // timestamp takes is not, so a header holding only a timestamp that
        // happens to decode as hex is still refused as having no signature.
        let verifier = try Self.verifier(Self.recurlyJSON, secret: Self.recurlySecret)
        #expect(
            verifier.failure(Self.recurlyDelivery.withHeader("recurly-signature", "1663103925004,"), now: Self.recurlyNow)
                == .malformedHeader("Recurly-Signature", reason: "no signature entry"))
    }

    // MARK: Stripe, written as a format, gives the same answers as its own scheme

    @Test func stripeExpressedAsAFormatAcceptsItsVector() throws {
        let json =
            #"{"scheme": "hmac", "header": "Stripe-Signature", "separator": ",", "prefix": "v1=", "timestamp": {"prefix": "t="}, "signed": "{timestamp}.{body}"}"#
        let secret = "whsec_test_secret"
        let body = #"{"id":"evt_1"}"#
        let mac = "248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a"
        let delivery = TestWebhook.request(headers: [("Stripe-Signature", "t=1700000000, v1=\(mac), v0=00ff")], body: body)
        let now = TestWebhook.at(1_700_000_000)
        #expect(try Self.verifier(json, secret: secret).failure(delivery, now: now) == nil)
        #expect(StripeVerifier(secrets: TestWebhook.secrets(secret)).failure(delivery, now: now) == nil)
        #expect(try Self.verifier(json, secret: secret).failure(delivery.withBody("{}"), now: now) == .signatureMismatch)
    }

    // MARK: Calendly, Customer.io, Zendesk (vectors computed from their documentation)

    static let sampleBody = #"{"event":"invitee.created","created_at":"2023-01-01T00:00:00.000000Z","payload":{"email":"ada@example.com"}}"#
    static let now = TestWebhook.at(1_700_000_000)

    @Test func calendly() throws {
        let json =
            #"{"scheme": "hmac", "header": "Calendly-Webhook-Signature", "separator": ",", "prefix": "v1=", "timestamp": {"prefix": "t="}, "signed": "{timestamp}.{body}"}"#
        let verifier = try Self.verifier(json, secret: "calendly-signing-key")
        let delivery = TestWebhook.request(
            headers: [("Calendly-Webhook-Signature", "t=1700000000,v1=b3ae1eeb3b53fbc81c488b70fa08a3c4cfdb2e3c040bc96562ff793c163c4aba")],
            body: Self.sampleBody
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withBody(Self.sampleBody + " "), now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(delivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(try Self.verifier(json, secret: "other").failure(delivery, now: Self.now) == .signatureMismatch)
        #expect(
            verifier.failure(delivery.withHeader("Calendly-Webhook-Signature", "v1=b3ae"), now: Self.now)
                == .malformedHeader("Calendly-Webhook-Signature", reason: "no t= timestamp entry"))
    }

    @Test func customerIO() throws {
        let json = #"{"scheme": "hmac", "header": "X-CIO-Signature", "timestamp": {"header": "X-CIO-Timestamp"}, "signed": "v0:{timestamp}:{body}"}"#
        let verifier = try Self.verifier(json, secret: "cio-signing-secret")
        let delivery = TestWebhook.request(
            headers: [("X-CIO-Signature", "ddb0f9e86a1c0608b70283b60dafd9469c1436e521474c3fd186a8fee8d37ea2"), ("X-CIO-Timestamp", "1700000000")],
            body: Self.sampleBody
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withHeader("X-CIO-Timestamp", "1700000001"), now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(delivery.withoutHeader("X-CIO-Timestamp"), now: Self.now) == .missingHeader("X-CIO-Timestamp"))
        #expect(verifier.failure(delivery, now: TestWebhook.at(1_699_999_699)) == .futureTimestamp)
    }

    @Test func zendeskSignsAnRFC3339Timestamp() throws {
        let json =
            #"{"scheme": "hmac", "header": "X-Zendesk-Webhook-Signature", "encoding": "base64", "timestamp": {"header": "X-Zendesk-Webhook-Signature-Timestamp", "unit": "iso8601"}, "signed": "{timestamp}{body}"}"#
        let verifier = try Self.verifier(json, secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==")
        let delivery = TestWebhook.request(
            headers: [
                ("X-Zendesk-Webhook-Signature", "rHtMqZm+RcSMd5VDC7J251fqPZ6602okySCsjsWTXmo="),
                ("X-Zendesk-Webhook-Signature-Timestamp", "2023-11-14T22:13:20Z"),
            ],
            body: Self.sampleBody
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(verifier.failure(delivery.withBody("{}"), now: Self.now) == .signatureMismatch)
        #expect(
            verifier.failure(delivery.withHeader("X-Zendesk-Webhook-Signature-Timestamp", "1700000000"), now: Self.now)
                == .malformedHeader("X-Zendesk-Webhook-Signature-Timestamp", reason: "not an RFC 3339 date-time"))
        #expect(
            verifier.failure(delivery.withHeader("X-Zendesk-Webhook-Signature", "not base64!"), now: Self.now)
                == .malformedHeader("X-Zendesk-Webhook-Signature", reason: "signature is not base64"))
    }

    // MARK: Square (official vector: every Square SDK's webhooks helper test)

    @Test func squareSignsTheNotificationURLAndTheBody() throws {
        let json =
            #"{"scheme": "hmac", "header": "x-square-hmacsha256-signature", "encoding": "base64", "signed": "{url}{body}", "publicURL": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"}"#
        let verifier = try Self.verifier(json, secret: "Ibxx_5AKakO-3qeNVR61Dw")
        let delivery = TestWebhook.request(
            url: "http://10.0.0.5:8080/hooks/square",
            headers: [("x-square-hmacsha256-signature", "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=")],
            body:
                #"{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}"#
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withBody("{}"), now: Self.now) == .signatureMismatch)
        #expect(try Self.verifier(json, secret: "Ibxx_5AKakO-3qeNVR61Dx").failure(delivery, now: Self.now) == .signatureMismatch)
        let otherURL = json.replacingOccurrences(of: "679a4f3a", with: "679a4f3b")
        #expect(try Self.verifier(otherURL, secret: "Ibxx_5AKakO-3qeNVR61Dw").failure(delivery, now: Self.now) == .signatureMismatch)
    }

    // MARK: Bird (a vector computed from docs.bird.com's description)

    @Test func birdSignsTheTimestampTheURLAndTheBodyDigest() throws {
        let json =
            #"{"scheme": "hmac", "header": "messagebird-signature", "encoding": "base64", "timestamp": {"header": "messagebird-request-timestamp"}, "signed": "{timestamp}\n{url}\n{body:sha256}", "publicURL": "https://hooks.example.com/hooks/bird"}"#
        let verifier = try Self.verifier(json, secret: "bird-signing-key")
        let body =
            #"{"service":"channels","event":"sms.inbound","payload":{"sender":{"contact":{"identifierValue":"+31612345678"}},"body":{"text":{"text":"STOP"}}}}"#
        let delivery = TestWebhook.request(
            url: "http://127.0.0.1:8080/hooks/bird",
            headers: [("messagebird-signature", "jMB3mIZHXFFjZNyv+YDs4hs21NE/udbuLNpwIxGu26o="), ("messagebird-request-timestamp", "1700000000")],
            body: body
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withBody(body.replacingOccurrences(of: "STOP", with: "START")), now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(delivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
    }

    // MARK: Telnyx, Ed25519 (RFC 8032 test 1 key; signature computed with `cryptography`)

    static let telnyxJSON =
        #"{"scheme": "ed25519", "header": "telnyx-signature-ed25519", "timestamp": {"header": "telnyx-timestamp"}, "signed": "{timestamp}|{body}"}"#
    static let telnyxKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    static let telnyxDelivery = TestWebhook.request(
        headers: [
            ("telnyx-signature-ed25519", "oUtoHmq8iWodqPHChVgzZejdUHIXNIG8/lYsRBI3FmzPCaHp6uVQJSzeBp5FzBi3m704IJiNjEN8n8URDITDCw=="),
            ("telnyx-timestamp", "1700000000"),
        ],
        body: sampleBody
    )

    @Test func telnyxAcceptsItsSignatureWithARawOrDERKey() throws {
        #expect(try Self.verifier(Self.telnyxJSON, secret: Self.telnyxKey).failure(Self.telnyxDelivery, now: Self.now) == nil)
        let der = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
        #expect(try Self.verifier(Self.telnyxJSON, secret: der).failure(Self.telnyxDelivery, now: Self.now) == nil)
    }

    @Test func telnyxRefusesTamperingWrongKeysStaleTimesAndBadHeaders() throws {
        let verifier = try Self.verifier(Self.telnyxJSON, secret: Self.telnyxKey)
        #expect(verifier.failure(Self.telnyxDelivery.withBody("{}"), now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(Self.telnyxDelivery.withHeader("telnyx-timestamp", "1700000001"), now: Self.now) == .signatureMismatch)
        // RFC 8032 test 2's public key.
        let other = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw="
        #expect(try Self.verifier(Self.telnyxJSON, secret: other).failure(Self.telnyxDelivery, now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(Self.telnyxDelivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(verifier.failure(Self.telnyxDelivery.withoutHeader("telnyx-timestamp"), now: Self.now) == .missingHeader("telnyx-timestamp"))
        #expect(
            verifier.failure(Self.telnyxDelivery.withHeader("telnyx-signature-ed25519", "%%"), now: Self.now)
                == .malformedHeader("telnyx-signature-ed25519", reason: "signature is not base64"))
        #expect(verifier.failure(Self.telnyxDelivery.withHeader("telnyx-signature-ed25519", "AAAA"), now: Self.now) == .signatureMismatch)
    }

    @Test func ed25519MatchesRFC8032Test1() throws {
        let verifier = try Self.verifier(#"{"scheme": "ed25519", "header": "X-Signature", "encoding": "hex"}"#, secret: Self.telnyxKey)
        let signature =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        #expect(verifier.failure(TestWebhook.request(headers: [("X-Signature", signature)], body: ""), now: Self.now) == nil)
        #expect(verifier.failure(TestWebhook.request(headers: [("X-Signature", signature)], body: "x"), now: Self.now) == .signatureMismatch)
    }

    @Test(arguments: [
        ("not base64!", "not base64"),
        ("AAAA", "not an Ed25519 public key (32 bytes, or DER SubjectPublicKeyInfo)"),
    ])
    func ed25519RefusesKeysThatAreNotPublicKeys(key: String, reason: String) throws {
        #expect(throws: InvalidSecret(index: 0, reason: reason)) {
            _ = try VerificationSettingsTests.settings(Self.telnyxJSON).makeVerifier(secrets: TestWebhook.secrets(key))
        }
    }
}
