import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: Mailgun")
struct VerificationMailgunTests {
    static let key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
    static let token = "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"
    /// The official vector of providers.md.
    static let signature = "9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33"
    static let now = TestWebhook.at(1_403_645_230)

    static func body(timestamp: String = #""1403645220""#, token: String = token, signature: String = signature) -> String {
        #"{"signature":{"timestamp":\#(timestamp),"token":"\#(token)","signature":"\#(signature)"},"#
            + #""event-data":{"id":"ev-1","event":"unsubscribed","recipient":"a@example.com"}}"#
    }

    static func verifier(_ keys: String...) -> MailgunVerifier {
        MailgunVerifier(secrets: keys.map { Array($0.utf8) })
    }

    /// Verification claims nothing: the store claims the token when it commits
    /// the delivery, so a retry of a delivery that was never kept passes.
    @Test func acceptsTheOfficialVectorAndNamesItsSingleUseToken() throws {
        let verifier = Self.verifier(Self.key)
        let delivery = TestWebhook.request(body: Self.body())
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        #expect(verifier.failure(delivery, now: Self.now) == nil)
        let token = try #require(verifier.singleUseToken(in: delivery))
        #expect(token.value == Self.token)
        #expect(token.expiresAt == TestWebhook.at(1_403_645_220 + 300))
        #expect(token == SingleUseToken(value: Self.token, expiresAt: token.expiresAt, body: Array(Self.body().utf8)))
        #expect(token != SingleUseToken(value: Self.token, expiresAt: token.expiresAt, body: Array(Self.body(token: "x").utf8)))
    }

    @Test func acceptsANumericTimestamp() {
        // python: hex HMAC-SHA256(key, "1700000000" + "tok-abc")
        let body = Self.body(
            timestamp: "1700000000", token: "tok-abc",
            signature: "db41d5692d6b312ee70adda4041233ffcc838af15e6efefe96a0253b0d362ace"
        )
        #expect(Self.verifier(Self.key).failure(TestWebhook.request(body: body), now: TestWebhook.at(1_700_000_000)) == nil)
    }

    @Test func acceptsARotatedKey() {
        #expect(Self.verifier("key-old", Self.key).failure(TestWebhook.request(body: Self.body()), now: Self.now) == nil)
    }

    @Test func rejectsTamperedSignatureFields() {
        let otherToken = TestWebhook.request(body: Self.body(token: "6egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"))
        #expect(Self.verifier(Self.key).failure(otherToken, now: Self.now) == .signatureMismatch)
        let otherTime = TestWebhook.request(body: Self.body(timestamp: #""1403645221""#))
        #expect(Self.verifier(Self.key).failure(otherTime, now: Self.now) == .signatureMismatch)
    }

    @Test func rejectsAWrongKey() {
        #expect(Self.verifier("key-other").failure(TestWebhook.request(body: Self.body()), now: Self.now) == .signatureMismatch)
    }

    @Test func keepsTheTolerance() {
        let delivery = TestWebhook.request(body: Self.body())
        #expect(Self.verifier(Self.key).failure(delivery, now: TestWebhook.at(1_403_645_521)) == .staleTimestamp)
        #expect(Self.verifier(Self.key).failure(delivery, now: TestWebhook.at(1_403_644_919)) == .futureTimestamp)
    }

    @Test(arguments: [
        ("[1, 2", "not JSON: "),
        (#"{"event-data":{}}"#, "no signature object"),
        (#"{"signature":"abc"}"#, "no signature object"),
        (#"{"signature":{"token":"t","signature":"00"}}"#, "no signature.timestamp"),
        (#"{"signature":{"timestamp":"1403645220","signature":"00"}}"#, "no signature.token"),
        (#"{"signature":{"timestamp":"1403645220","token":"t"}}"#, "no signature.signature"),
        (#"{"signature":{"timestamp":"1403645220","token":7,"signature":"00"}}"#, "signature.token is a number, not a string"),
        (#"{"signature":{"timestamp":"soon","token":"t","signature":"00"}}"#, "signature.timestamp is not a Unix time in seconds"),
        (#"{"signature":{"timestamp":"1403645220","token":"t","signature":"xyz"}}"#, "signature.signature is not hex"),
    ])
    func rejectsAMalformedBody(body: String, reason: String) {
        let failure = Self.verifier(Self.key).failure(TestWebhook.request(body: body), now: Self.now)
        guard case .malformedBody(let actual)? = failure else {
            Issue.record("expected a malformed body, got \(String(describing: failure))")
            return
        }
        #expect(actual.hasPrefix(reason))
    }
}
