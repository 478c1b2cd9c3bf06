import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: GitHub, Shopify, Typeform and generic HMAC")
struct VerificationHMACTests {
    static let now = TestWebhook.at(1_700_000_000)

    // MARK: GitHub (official vector)

    static let github = HMACVerifier(.github, secrets: TestWebhook.secrets("It's a Secret to Everybody"))
    static let githubDelivery = TestWebhook.request(
        headers: [("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")],
        body: "Hello, World!"
    )

    @Test func githubAcceptsTheOfficialVector() {
        #expect(Self.github.failure(Self.githubDelivery, now: Self.now) == nil)
    }

    @Test func githubAcceptsUpperCaseHex() {
        let delivery = Self.githubDelivery.withHeader(
            "X-Hub-Signature-256", "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"
        )
        #expect(Self.github.failure(delivery, now: Self.now) == nil)
    }

    @Test func githubRejectsTamperingAndWrongSecrets() {
        #expect(Self.github.failure(Self.githubDelivery.withBody("Hello, World?"), now: Self.now) == .signatureMismatch)
        let wrong = HMACVerifier(.github, secrets: TestWebhook.secrets("It's a secret to everybody"))
        #expect(wrong.failure(Self.githubDelivery, now: Self.now) == .signatureMismatch)
    }

    @Test func githubAcceptsARotatedSecret() {
        let verifier = HMACVerifier(.github, secrets: TestWebhook.secrets("previous", "It's a Secret to Everybody"))
        #expect(verifier.failure(Self.githubDelivery, now: Self.now) == nil)
    }

    @Test func githubRejectsMissingAndMalformedHeaders() {
        let header = "X-Hub-Signature-256"
        #expect(Self.github.failure(Self.githubDelivery.withoutHeader(header), now: Self.now) == .missingHeader(header))
        let unprefixed = Self.githubDelivery.withHeader(header, "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        #expect(
            Self.github.failure(unprefixed, now: Self.now)
                == .malformedHeader(header, reason: "does not start with the configured prefix"))
        let notHex = Self.githubDelivery.withHeader(header, "sha256=not-hex")
        #expect(Self.github.failure(notHex, now: Self.now) == .malformedHeader(header, reason: "signature is not hex"))
        let odd = Self.githubDelivery.withHeader(header, "sha256=757")
        #expect(Self.github.failure(odd, now: Self.now) == .malformedHeader(header, reason: "signature is not hex"))
    }

    // MARK: Shopify (official vector)

    static let shopify = HMACVerifier(.shopify, secrets: TestWebhook.secrets("test_secret_key"))
    static let shopifyDelivery = TestWebhook.request(
        headers: [("X-Shopify-Hmac-Sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=")], body: #"{"foo": "bar"}"#
    )

    @Test func shopifyAcceptsTheOfficialVectorAndRejectsTampering() {
        #expect(Self.shopify.failure(Self.shopifyDelivery, now: Self.now) == nil)
        #expect(Self.shopify.failure(Self.shopifyDelivery.withBody(#"{"foo":"bar"}"#), now: Self.now) == .signatureMismatch)
        let wrong = HMACVerifier(.shopify, secrets: TestWebhook.secrets("other_secret_key"))
        #expect(wrong.failure(Self.shopifyDelivery, now: Self.now) == .signatureMismatch)
    }

    @Test func shopifyRejectsMissingAndMalformedHeaders() {
        let header = "X-Shopify-Hmac-Sha256"
        #expect(Self.shopify.failure(Self.shopifyDelivery.withoutHeader(header), now: Self.now) == .missingHeader(header))
        #expect(
            Self.shopify.failure(Self.shopifyDelivery.withHeader(header, "B23t!"), now: Self.now)
                == .malformedHeader(header, reason: "signature is not base64"))
    }

    // MARK: Typeform (self-computed vector)

    static let typeform = HMACVerifier(.typeform, secrets: TestWebhook.secrets("typeform_test_secret"))
    static let typeformDelivery = TestWebhook.request(
        headers: [("Typeform-Signature", "sha256=d12c3aavN1EeTbPsPRbJWZP9qhDr4Ex4/S//TpfHtO4=")],
        body: #"{"event_id":"01TEST","event_type":"form_response"}"#
    )

    @Test func typeformAcceptsTheVectorAndRejectsTampering() {
        #expect(Self.typeform.failure(Self.typeformDelivery, now: Self.now) == nil)
        #expect(
            Self.typeform.failure(Self.typeformDelivery.withBody(#"{"event_id":"01TEST"}"#), now: Self.now)
                == .signatureMismatch)
        let wrong = HMACVerifier(.typeform, secrets: TestWebhook.secrets("typeform_other"))
        #expect(wrong.failure(Self.typeformDelivery, now: Self.now) == .signatureMismatch)
        #expect(
            Self.typeform.failure(Self.typeformDelivery.withoutHeader("typeform-signature"), now: Self.now)
                == .missingHeader("Typeform-Signature"))
    }

    // MARK: Generic HMAC (vectors computed with python's hmac)

    @Test func genericSHA1Hex() {
        let verifier = HMACVerifier(.init(header: "X-Signature", algorithm: .sha1), secrets: TestWebhook.secrets("generic-secret"))
        let delivery = TestWebhook.request(headers: [("X-Signature", "a1c949353a2ace5b177480f482d0dfaf886cb12c")], body: "payload")
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withBody("payload!"), now: Self.now) == .signatureMismatch)
    }

    @Test func genericSHA512Base64WithPrefix() {
        let configuration = HMACVerifier.Configuration(header: "X-Signature", algorithm: .sha512, encoding: .base64, prefix: "v1=")
        let verifier = HMACVerifier(configuration, secrets: TestWebhook.secrets("generic-secret"))
        let delivery = TestWebhook.request(
            headers: [("X-Signature", "v1=CC7sSMXqWHWC+NpHcdS/lBw1d4oEJRLTVNc3PGUOQ6Eg6C1JMrwgkA9B3+tAgb9wgQ1pqdDqAXrGOrBfJe59Cg==")],
            body: "payload"
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        let sha256 = HMACVerifier(.init(header: "X-Signature", encoding: .base64, prefix: "v1="), secrets: TestWebhook.secrets("generic-secret"))
        #expect(sha256.failure(delivery, now: Self.now) == .signatureMismatch)
    }

    static let timestamped = HMACVerifier(
        .init(
            header: "X-Signature", signedContent: try! SignedContentTemplate(parsing: "{timestamp}.{body}"),
            timestamp: .init(.header("X-Timestamp"))
        ),
        secrets: TestWebhook.secrets("generic-secret")
    )
    static let timestampedDelivery = TestWebhook.request(
        headers: [
            ("X-Signature", "f091ee4d16bed2d93cd562bc5557e9e816364db444471c2d63ccdb3ab6a70152"),
            ("X-Timestamp", "1700000000"),
        ],
        body: "payload"
    )

    @Test func genericTimestampTemplate() {
        #expect(Self.timestamped.failure(Self.timestampedDelivery, now: Self.now) == nil)
        #expect(Self.timestamped.failure(Self.timestampedDelivery.withBody("payload "), now: Self.now) == .signatureMismatch)
        let moved = Self.timestampedDelivery.withHeader("X-Timestamp", "1700000001")
        #expect(Self.timestamped.failure(moved, now: Self.now) == .signatureMismatch)
    }

    @Test func genericTimestampTolerance() {
        #expect(Self.timestamped.failure(Self.timestampedDelivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(Self.timestamped.failure(Self.timestampedDelivery, now: TestWebhook.at(1_699_999_699)) == .futureTimestamp)
    }

    @Test func genericTimestampHeaderProblems() {
        #expect(
            Self.timestamped.failure(Self.timestampedDelivery.withoutHeader("X-Timestamp"), now: Self.now)
                == .missingHeader("X-Timestamp"))
        #expect(
            Self.timestamped.failure(Self.timestampedDelivery.withHeader("X-Timestamp", "1.7e9"), now: Self.now)
                == .malformedHeader("X-Timestamp", reason: "not a Unix time in seconds"))
    }

    @Test func genericTemplateWithMethodURLHeaderAndMilliseconds() throws {
        let configuration = HMACVerifier.Configuration(
            header: "X-Signature", encoding: .base64,
            signedContent: try SignedContentTemplate(parsing: "{method} {url}\n{header:X-Request-Id}\n{timestamp}\n{body}"),
            timestamp: .init(.header("X-Sent-At"), unit: .milliseconds),
            publicURL: PublicURL("https://hooks.example.com/in/acme")
        )
        let verifier = HMACVerifier(configuration, secrets: TestWebhook.secrets("generic-secret"))
        let delivery = TestWebhook.request(
            url: "http://10.0.0.7:8080/hooks/acme?x=1",
            headers: [
                ("X-Signature", "HQpmwp+KKDDBvTsJ7dFNQmT09JoGA/xZXbFXOxORcXk="),
                ("X-Request-Id", "req-42"),
                ("X-Sent-At", "1700000000123"),
            ],
            body: "payload"
        )
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery.withHeader("X-Request-Id", "req-43"), now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(delivery.withoutHeader("X-Request-Id"), now: Self.now) == .missingHeader("X-Request-Id"))
        var put = delivery
        put.method = "PUT"
        #expect(verifier.failure(put, now: Self.now) == .signatureMismatch)
    }

    // MARK: Templates

    @Test func templatesReadTheirPlaceholders() throws {
        let template = try SignedContentTemplate(parsing: "v0:{timestamp}:{header:X-Id}:{body}")
        #expect(template.parts == [.literal("v0:"), .timestamp, .literal(":"), .header("X-Id"), .literal(":"), .body])
        #expect(template.description == "v0:{timestamp}:{header:X-Id}:{body}")
        #expect(template.usesTimestamp)
        #expect(!SignedContentTemplate.body.usesTimestamp)
    }

    @Test(arguments: [
        ("{body", "unclosed placeholder", 0),
        ("a}", "'}' without a matching '{'", 1),
        ("{bo{dy}", "'{' inside a placeholder", 3),
        ("x.{payload}", "unknown placeholder {payload}; use {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name}", 2),
        ("{header:}", "unknown placeholder {header:}; use {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name}", 0),
        ("", "empty template", 0),
    ])
    func templatesReportTheirErrors(text: String, message: String, offset: Int) {
        #expect(throws: SignedContentTemplate.SyntaxError(message: message, offset: offset)) {
            try SignedContentTemplate(parsing: text)
        }
    }
}
