import Foundation
import Testing

@testable import PatchBayCore

/// Plivo signature V3, with vectors computed by a python rendering of
/// plivo-python's `validate_v3_signature` (Plivo publishes no V3 vector).
@Suite("Verification: Plivo V3")
struct VerificationPlivoTests {
    static let token = "MAXXXXXXXXXXXXXXXXXX"
    static let form = "From=14155550123&To=14155550100&Text=STOP&Type=sms&MessageUUID=2a1f6c74-0d4b-11ee-9c35-0242ac110003"
    static let now = TestWebhook.at(1_700_000_000)

    static func delivery(url: String = "https://hooks.example.com/hooks/plivo", signature: String) -> Delivery {
        TestWebhook.request(
            url: url,
            headers: [
                ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", "05429567804466091622"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: form)
    }

    static let verifier = PlivoVerifier(secrets: TestWebhook.secrets(token))

    @Test func acceptsTheComputedVectors() {
        #expect(Self.verifier.failure(Self.delivery(signature: "A1/NyrsKSnVZXAdK6hS0Epd2O3iss+Kw2IVHZHVM+3Y="), now: Self.now) == nil)
        let withQuery = Self.delivery(
            url: "https://hooks.example.com/hooks/plivo?b=2&a=1&a=0", signature: "EFG5/P/k+W68jXjD3RkkpXfnBjDO+Bo/XT2PWOY/Mt0=")
        #expect(Self.verifier.failure(withQuery, now: Self.now) == nil)
        let listed = Self.delivery(signature: "AAAA, A1/NyrsKSnVZXAdK6hS0Epd2O3iss+Kw2IVHZHVM+3Y=")
        #expect(Self.verifier.failure(listed, now: Self.now) == nil)
    }

    @Test func refusesTamperingWrongTokensAndOtherURLs() {
        let valid = Self.delivery(signature: "A1/NyrsKSnVZXAdK6hS0Epd2O3iss+Kw2IVHZHVM+3Y=")
        #expect(Self.verifier.failure(valid.withBody(Self.form.replacingOccurrences(of: "STOP", with: "START")), now: Self.now) == .signatureMismatch)
        #expect(PlivoVerifier(secrets: TestWebhook.secrets("other")).failure(valid, now: Self.now) == .signatureMismatch)
        #expect(Self.verifier.failure(valid.withHeader("X-Plivo-Signature-V3-Nonce", "1"), now: Self.now) == .signatureMismatch)
        var elsewhere = valid
        elsewhere.url = "https://hooks.example.com/hooks/other"
        #expect(Self.verifier.failure(elsewhere, now: Self.now) == .signatureMismatch)
        let proxied = PlivoVerifier(secrets: TestWebhook.secrets(Self.token), publicURL: PublicURL("https://hooks.example.com/hooks/plivo"))
        #expect(proxied.failure(elsewhere, now: Self.now) == nil)
    }

    @Test func missingAndMalformedHeadersAreNamed() {
        let valid = Self.delivery(signature: "A1/NyrsKSnVZXAdK6hS0Epd2O3iss+Kw2IVHZHVM+3Y=")
        #expect(Self.verifier.failure(valid.withoutHeader("X-Plivo-Signature-V3"), now: Self.now) == .missingHeader("X-Plivo-Signature-V3"))
        #expect(
            Self.verifier.failure(valid.withoutHeader("X-Plivo-Signature-V3-Nonce"), now: Self.now) == .missingHeader("X-Plivo-Signature-V3-Nonce"))
        #expect(
            Self.verifier.failure(valid.withHeader("X-Plivo-Signature-V3", "%%,!!"), now: Self.now)
                == .malformedHeader("X-Plivo-Signature-V3", reason: "no base64 signature"))
        #expect(
            Self.verifier.failure(valid.withBody("a=%zz"), now: Self.now)
                == .malformedBody(reason: "form parameters: malformed percent escape at byte 2"))
    }
}
