import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: SendGrid")
struct VerificationSendGridTests {
    /// The official vector of providers.md.
    static let officialKey =
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
    static let officialBody =
        #"[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]"#
        + "\r\n"
    static let official = TestWebhook.request(
        headers: [
            (
                "X-Twilio-Email-Event-Webhook-Signature",
                "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM="
            ),
            ("X-Twilio-Email-Event-Webhook-Timestamp", "1600112502"),
        ],
        body: officialBody
    )
    static let officialNow = TestWebhook.at(1_600_112_510)

    /// Two key pairs made with python's cryptography; the delivery is signed
    /// with the first one's private key.
    static let ownKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZYEVFxFSry0ndv2HtQQYgCPklsqEYvdaTJk74KRADlqWaeDMQT53iopoMFATXwnbr0yYMb2LZIqxqcHMDayqaQ=="
    static let otherKey =
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJPt1nwaM8sK+mYyUtaYCIOBt/0pPsOl5dZFAn6xFo6wD6xYRYrI5T3mV6dAaXlaeRoZHpkQfNHDv9z4SAf2qyQ=="
    static let own = TestWebhook.request(
        headers: [
            (
                "X-Twilio-Email-Event-Webhook-Signature",
                "MEQCIA8/Xn28p3ZhyPLlUYjTd3asHqZ8IjrgDylB330nTUKkAiBFk4HrArkLgHHOXUB58p0ABl0k4KRa03cjyhlPSkW9PA=="
            ),
            ("X-Twilio-Email-Event-Webhook-Timestamp", "1700000000"),
        ],
        body: #"[{"email":"a@example.com","event":"unsubscribe","sg_event_id":"e1","timestamp":1700000000}]"#
    )
    static let now = TestWebhook.at(1_700_000_000)

    static func verifier(_ keys: String...) -> SendGridVerifier {
        try! SendGridVerifier(publicKeys: keys.map { Array($0.utf8) })
    }

    @Test func acceptsTheOfficialVector() {
        #expect(Self.verifier(Self.officialKey).failure(Self.official, now: Self.officialNow) == nil)
    }

    @Test func acceptsASelfMadeSignatureAndARotatedKey() {
        #expect(Self.verifier(Self.ownKey).failure(Self.own, now: Self.now) == nil)
        #expect(Self.verifier(Self.otherKey, Self.ownKey).failure(Self.own, now: Self.now) == nil)
    }

    @Test func rejectsTampering() {
        let verifier = Self.verifier(Self.officialKey)
        let withoutNewline = Self.official.withBody(String(Self.officialBody.dropLast(2)))
        #expect(verifier.failure(withoutNewline, now: Self.officialNow) == .signatureMismatch)
        let otherTime = Self.official.withHeader("X-Twilio-Email-Event-Webhook-Timestamp", "1600112503")
        #expect(verifier.failure(otherTime, now: Self.officialNow) == .signatureMismatch)
    }

    @Test func rejectsAWrongKey() {
        #expect(Self.verifier(Self.otherKey).failure(Self.own, now: Self.now) == .signatureMismatch)
        #expect(Self.verifier(Self.officialKey).failure(Self.own, now: Self.now) == .signatureMismatch)
    }

    @Test func keepsTheTolerance() {
        let verifier = Self.verifier(Self.ownKey)
        #expect(verifier.failure(Self.own, now: TestWebhook.at(1_700_000_301)) == .staleTimestamp)
        #expect(verifier.failure(Self.own, now: TestWebhook.at(1_699_999_699)) == .futureTimestamp)
    }

    @Test func rejectsMissingAndMalformedHeaders() {
        let verifier = Self.verifier(Self.ownKey)
        for name in ["X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"] {
            #expect(verifier.failure(Self.own.withoutHeader(name), now: Self.now) == .missingHeader(name))
        }
        let notDER = Self.own.withHeader("X-Twilio-Email-Event-Webhook-Signature", "c2lnbmF0dXJl")
        #expect(
            verifier.failure(notDER, now: Self.now)
                == .malformedHeader("X-Twilio-Email-Event-Webhook-Signature", reason: "not a base64 DER ECDSA signature"))
        let badTime = Self.own.withHeader("X-Twilio-Email-Event-Webhook-Timestamp", "now")
        #expect(
            verifier.failure(badTime, now: Self.now)
                == .malformedHeader("X-Twilio-Email-Event-Webhook-Timestamp", reason: "not a Unix time in seconds"))
    }

    @Test func refusesAKeyThatIsNotAP256PublicKey() {
        #expect(throws: InvalidSecret(index: 1, reason: "not a base64 DER P-256 public key")) {
            try SendGridVerifier(publicKeys: [Array(Self.ownKey.utf8), Array("c2VjcmV0".utf8)])
        }
    }
}
