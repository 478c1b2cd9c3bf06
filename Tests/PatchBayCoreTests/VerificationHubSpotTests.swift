import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: HubSpot v3")
struct VerificationHubSpotTests {
    static let secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
    static let verifier = HubSpotVerifier(secrets: TestWebhook.secrets(secret))
    /// The official vector of providers.md (timestamp 15000000 ms = 15000 s).
    static let official = TestWebhook.request(
        url: "https://www.example.com/webhook_uri",
        headers: [
            ("X-HubSpot-Signature-v3", "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="),
            ("X-HubSpot-Request-Timestamp", "15000000"),
        ],
        body: "{'example_field':'example_value'}"
    )
    static let officialNow = TestWebhook.at(15_000)

    @Test func acceptsTheOfficialVector() {
        #expect(Self.verifier.failure(Self.official, now: Self.officialNow) == nil)
    }

    @Test func decodesTheEscapesHubSpotDecodes() {
        // python: base64(HMAC-SHA256(secret, "POST" + "https://www.example.com/webhook_uri?x=a:b%20c" + "[]" + "1700000000000"))
        let delivery = TestWebhook.request(
            url: "https://www.example.com/webhook_uri?x=a%3Ab%20c",
            headers: [
                ("X-HubSpot-Signature-v3", "kYbT7TxM0j9dpay2KpXZ5ZFWR3ZNCJWXyZD0mAipwG0="),
                ("X-HubSpot-Request-Timestamp", "1700000000000"),
            ],
            body: "[]"
        )
        #expect(Self.verifier.failure(delivery, now: TestWebhook.at(1_700_000_000)) == nil)
        #expect(HubSpotVerifier.decodingReservedEscapes("%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B%20%") == ":/?@!$'()*,;%20%")
    }

    @Test func usesTheConfiguredPublicURL() {
        // python: base64(HMAC-SHA256("hubspot-secret", "POSThttps://bridge.example.com/hooks/hubspot[{\"eventId\":1}]1700000000000"))
        let verifier = HubSpotVerifier(
            secrets: TestWebhook.secrets("hubspot-secret"), publicURL: PublicURL("https://bridge.example.com/hooks/hubspot")
        )
        let delivery = TestWebhook.request(
            url: "http://127.0.0.1:8080/hooks/hubspot",
            headers: [
                ("X-HubSpot-Signature-v3", "5m/9GaC3R0Sb3reXbGhO4DYwiuZFYA3VJcd2mmPCvK8="),
                ("X-HubSpot-Request-Timestamp", "1700000000000"),
            ],
            body: #"[{"eventId":1}]"#
        )
        #expect(verifier.failure(delivery, now: TestWebhook.at(1_700_000_000)) == nil)
        #expect(
            HubSpotVerifier(secrets: TestWebhook.secrets("hubspot-secret")).failure(delivery, now: TestWebhook.at(1_700_000_000))
                == .signatureMismatch)
    }

    @Test func rejectsTampering() {
        #expect(
            Self.verifier.failure(Self.official.withBody("{'example_field':'other_value'}"), now: Self.officialNow)
                == .signatureMismatch)
        var otherMethod = Self.official
        otherMethod.method = "PUT"
        #expect(Self.verifier.failure(otherMethod, now: Self.officialNow) == .signatureMismatch)
        var otherURL = Self.official
        otherURL.url = "https://www.example.com/webhook_uri2"
        #expect(Self.verifier.failure(otherURL, now: Self.officialNow) == .signatureMismatch)
    }

    @Test func rejectsAWrongSecretAndAcceptsARotatedOne() {
        #expect(HubSpotVerifier(secrets: TestWebhook.secrets("zzz")).failure(Self.official, now: Self.officialNow) == .signatureMismatch)
        #expect(HubSpotVerifier(secrets: TestWebhook.secrets("zzz", Self.secret)).failure(Self.official, now: Self.officialNow) == nil)
    }

    @Test func keepsTheToleranceInMilliseconds() {
        #expect(Self.verifier.failure(Self.official, now: TestWebhook.at(15_300)) == nil)
        #expect(Self.verifier.failure(Self.official, now: TestWebhook.at(15_300.001)) == .staleTimestamp)
        #expect(Self.verifier.failure(Self.official, now: TestWebhook.at(14_699.999)) == .futureTimestamp)
    }

    @Test func rejectsMissingAndMalformedHeaders() {
        for name in ["X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"] {
            #expect(Self.verifier.failure(Self.official.withoutHeader(name), now: Self.officialNow) == .missingHeader(name))
        }
        #expect(
            Self.verifier.failure(Self.official.withHeader("X-HubSpot-Signature-v3", "%%%"), now: Self.officialNow)
                == .malformedHeader("X-HubSpot-Signature-v3", reason: "not base64"))
        #expect(
            Self.verifier.failure(Self.official.withHeader("X-HubSpot-Request-Timestamp", "15000.5"), now: Self.officialNow)
                == .malformedHeader("X-HubSpot-Request-Timestamp", reason: "not a Unix time in milliseconds"))
    }
}
