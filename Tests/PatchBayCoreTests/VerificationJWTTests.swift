import Foundation
import Testing

@testable import PatchBayCore

/// JWT-signed webhooks: MessageBird's official cross-SDK reference vectors
/// (messagebird-nodejs lib/testdata/webhook-signature-jwt-reference.json)
/// and a Vonage token computed from its documentation with python's hmac.
@Suite("Verification: JWT-signed webhooks (MessageBird, Vonage)")
struct VerificationJWTTests {
    static func verifier(_ json: String, secret: String) throws -> any WebhookVerifier {
        try VerificationSettingsTests.settings(json).makeVerifier(secrets: TestWebhook.secrets(secret))
    }

    // MARK: MessageBird

    static let messageBirdJSON =
        #"{"scheme": "jwt", "header": "MessageBird-Signature-JWT", "algorithms": ["HS256", "HS384", "HS512"], "bodyHash": "payload_hash", "urlHash": "url_hash", "issuer": "MessageBird"}"#
    static let messageBirdSecret = "36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb"
    /// 2021-07-05T12:00:00+02:00, the reference file's "now".
    static let messageBirdNow = TestWebhook.at(1_625_479_200)

    static func messageBird(_ token: String, url: String = "https://example.com/path?bar=1&foo=2", body: String = "") -> Delivery {
        TestWebhook.request(url: url, headers: [("MessageBird-Signature-JWT", token)], body: body)
    }

    static let withPayload =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI5M2U1NTAwNi1hMGU4LTQ1MjYtYTE5MC1mYTVmZjAwZWExMTYiLCJ1cmxfaGFzaCI6IjQxZjA1ZjBkZGQwYTIyYWIyMDlhYzQ2ZjQ3YzQ1NzJkOWNlZmEyNTdlZDc0YjI0MDA0YmFlNzUzZWNlNmMyNjAiLCJwYXlsb2FkX2hhc2giOiJkZmZkNjAyMWJiMmJkNWIwYWY2NzYyOTA4MDllYzNhNTMxOTFkZDgxYzdmNzBhNGIyODY4OGEzNjIxODI5ODZmIn0._H--TOuYFLpeEH39-rg5E3IHVkjHozBcaKVWPRC5m9I"
    static let withoutPayload =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI1OWEyNDRkYy1lOWFkLTRlMjMtOTc3OC0zNzFmYWEyMzhmNzIiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.6Fp0rVOsRr1fj9S2GidXAfkmPVofKr8_RTffC6G6r2E"

    @Test func messageBirdAcceptsTheReferenceVectors() throws {
        let verifier = try Self.verifier(Self.messageBirdJSON, secret: Self.messageBirdSecret)
        #expect(verifier.failure(Self.messageBird(Self.withPayload, body: "Hello, World!"), now: Self.messageBirdNow) == nil)
        #expect(verifier.failure(Self.messageBird(Self.withoutPayload, url: "https://example.com/"), now: Self.messageBirdNow) == nil)
    }

    @Test func messageBirdRefusesTheReferenceFailures() throws {
        let verifier = try Self.verifier(Self.messageBirdJSON, secret: Self.messageBirdSecret)
        let notYetValid =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ4MjgwMCwiZXhwIjoxNjI1NDgyODYwLCJqdGkiOiJmOWY4YzM4Mi0yNDQ5LTQzMTEtYjcyYi0xZGY3MTY4NzkzMWUiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.ZELgDFNGhjZH9CffQKcq3sytBe2I0KciLxpBhcfstHQ"
        #expect(verifier.failure(Self.messageBird(notYetValid, url: "https://example.com/"), now: Self.messageBirdNow) == .futureTimestamp)
        let expired =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3NTYwMCwiZXhwIjoxNjI1NDc1NjYwLCJqdGkiOiI1ZjAyZjUyMi02MDMwLTQ2YzgtYjVhMy0wMTI0NjQ3OGQ4YmMiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.45MSST3B_2PsjNUeiuW54_vUQgVw4rBXrdWrOUEz3lM"
        #expect(verifier.failure(Self.messageBird(expired, url: "https://example.com/"), now: Self.messageBirdNow) == .staleTimestamp)
        let reordered =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiJhNzVjOTA5Ni1lODIzLTQ0MmItODVmMi03ZDNjOWQ5YjcyNmIiLCJ1cmxfaGFzaCI6IjZhMDIyZDgzNGMxODMzMGJhYWQ4YTJiZDYxMzUxNzNlZDIxNjEwYTQ1NDUxNmJlMGRmM2YxY2MwMTUxNjEwZWEifQ.z6Sw1XQIM0wuEQGBhXBdawDIIrtMg2XnmA_bpDq53pE"
        #expect(
            verifier.failure(Self.messageBird(reordered, url: "https://example.com/path?foo=1&bar=2"), now: Self.messageBirdNow)
                == .claimMismatch("url_hash"))
        let otherPayload =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiIxNDUwMTUzMi05NmYyLTQ2ODQtOTgzMi02OGYwOTUxYWUzNDIiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDciLCJwYXlsb2FkX2hhc2giOiJmYjYyZjAyYWNkYTdkNzQxNzdhNzAxYTFjZTAwNmU2YmFjZDkwYzdkNGQ3YWI0ODE2OTJjMWRhNDdjODEwNzZiIn0.m79RCwO6dGa9pvzsQypkVuXQ6eM0CkRl6_U7MfWg6TM"
        #expect(
            verifier.failure(Self.messageBird(otherPayload, url: "https://example.com/", body: "Hello, World!"), now: Self.messageBirdNow)
                == .claimMismatch("payload_hash"))
    }

    @Test func aBodyWithoutABodyHashClaimIsRefused() throws {
        let verifier = try Self.verifier(Self.messageBirdJSON, secret: Self.messageBirdSecret)
        #expect(
            verifier.failure(Self.messageBird(Self.withoutPayload, url: "https://example.com/", body: "{}"), now: Self.messageBirdNow)
                == .claimMismatch("payload_hash"))
    }

    @Test func messageBirdRefusesTamperingAndWrongKeys() throws {
        let verifier = try Self.verifier(Self.messageBirdJSON, secret: Self.messageBirdSecret)
        #expect(
            verifier.failure(Self.messageBird(Self.withPayload, body: "Hello, World?"), now: Self.messageBirdNow) == .claimMismatch("payload_hash"))
        #expect(
            try Self.verifier(Self.messageBirdJSON, secret: "not-the-key").failure(
                Self.messageBird(Self.withPayload, body: "Hello, World!"), now: Self.messageBirdNow) == .signatureMismatch)
        var flipped = Array(Self.withPayload)
        flipped[flipped.count - 2] = flipped[flipped.count - 2] == "A" ? "B" : "A"
        #expect(verifier.failure(Self.messageBird(String(flipped), body: "Hello, World!"), now: Self.messageBirdNow) == .signatureMismatch)
    }

    // MARK: Vonage

    static let vonageJSON = #"{"scheme": "jwt", "bodyHash": "payload_hash"}"#
    static let vonageBody =
        #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab","to":"447700900000","from":"447700900001","text":"STOP","timestamp":"2023-11-14T22:13:20Z","message_type":"text"}"#
    static let vonageToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImp0aSI6ImM1YmE4ZjI0LTFhMTQtNGMxMC1iZmRmLTNmYmU4Y2U1MTFiNSIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6IjU0NWFiODRkYzc1Njg2YzQxYmE4MGE2MjAyZmVkZTg3ZjY0ZjdkYzk4MzNkOGI2YTFiNjRlYTEyYzYzY2JlZjEiLCJhcGlfa2V5IjoiYWJjZDEyMzQiLCJhcHBsaWNhdGlvbl9pZCI6ImFhYWFhYWFhLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCJ9.777S3vAOXNvLBrslW9eFfGNjmhiwCF7h-QTEzR3CaJg"
    static let vonageDelivery = TestWebhook.request(headers: [("Authorization", "Bearer " + vonageToken)], body: vonageBody)
    static let now = TestWebhook.at(1_700_000_000)

    @Test func vonageAcceptsAFreshTokenForItsBody() throws {
        #expect(try Self.verifier(Self.vonageJSON, secret: "vonage-signature-secret").failure(Self.vonageDelivery, now: Self.now) == nil)
    }

    @Test func vonageRefusesTamperingWrongKeysAndOldTokens() throws {
        let verifier = try Self.verifier(Self.vonageJSON, secret: "vonage-signature-secret")
        #expect(
            verifier.failure(Self.vonageDelivery.withBody(Self.vonageBody.replacingOccurrences(of: "STOP", with: "START")), now: Self.now)
                == .claimMismatch("payload_hash"))
        #expect(try Self.verifier(Self.vonageJSON, secret: "other").failure(Self.vonageDelivery, now: Self.now) == .signatureMismatch)
        #expect(verifier.failure(Self.vonageDelivery, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(verifier.failure(Self.vonageDelivery, now: TestWebhook.at(1_699_999_699)) == .futureTimestamp)
    }

    @Test(arguments: [
        ("Bearer", "does not start with the configured prefix"),
        ("Bearer abc", "not a JWT (header.payload.signature)"),
        ("Bearer a.b.c.d", "not a JWT (header.payload.signature)"),
        ("Bearer !!.e30.AA", "the JWT header is not base64url JSON"),
        ("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.e30.", "the JWT names no accepted HMAC algorithm"),
        ("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm90IGpzb24.AA", "the JWT claims are not base64url JSON"),
        ("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.", "the JWT signature is not base64url"),
        ("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.a+b/", "the JWT signature is not base64url"),
    ])
    func malformedTokensAreNamed(value: String, reason: String) throws {
        let verifier = try Self.verifier(Self.vonageJSON, secret: "vonage-signature-secret")
        #expect(
            verifier.failure(Self.vonageDelivery.withHeader("Authorization", value), now: Self.now)
                == .malformedHeader("Authorization", reason: reason))
    }

    @Test func aMissingHeaderAndAnAlgorithmNotAllowedAreRefused() throws {
        let verifier = try Self.verifier(Self.vonageJSON, secret: "vonage-signature-secret")
        #expect(verifier.failure(Self.vonageDelivery.withoutHeader("Authorization"), now: Self.now) == .missingHeader("Authorization"))
        let only512 = try Self.verifier(#"{"scheme": "jwt", "algorithms": ["HS512"], "bodyHash": "payload_hash"}"#, secret: "vonage-signature-secret")
        #expect(
            only512.failure(Self.vonageDelivery, now: Self.now)
                == .malformedHeader("Authorization", reason: "the token's algorithm HS256 is not accepted"))
    }

    @Test func aTokenThatNeverExpiresIsRefused() throws {
        let timeless =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJWb25hZ2UiLCJwYXlsb2FkX2hhc2giOiI1NDVhYjg0ZGM3NTY4NmM0MWJhODBhNjIwMmZlZGU4N2Y2NGY3ZGM5ODMzZDhiNmExYjY0ZWExMmM2M2NiZWYxIn0.oT_Ah5xnkFyhJXd9X2g93PA4omwXNC8Jnth5pKApo8g"
        let verifier = try Self.verifier(Self.vonageJSON, secret: "vonage-signature-secret")
        #expect(verifier.failure(Self.vonageDelivery.withHeader("Authorization", "Bearer " + timeless), now: Self.now) == .claimMismatch("exp"))
    }

    @Test func anIssuerMustMatchWhenConfigured() throws {
        let vonage = try Self.verifier(#"{"scheme": "jwt", "bodyHash": "payload_hash", "issuer": "Vonage"}"#, secret: "vonage-signature-secret")
        #expect(vonage.failure(Self.vonageDelivery, now: Self.now) == nil)
        let other = try Self.verifier(#"{"scheme": "jwt", "bodyHash": "payload_hash", "issuer": "Nexmo"}"#, secret: "vonage-signature-secret")
        #expect(other.failure(Self.vonageDelivery, now: Self.now) == .claimMismatch("iss"))
    }
}
