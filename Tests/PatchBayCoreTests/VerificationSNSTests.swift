import Crypto
import Foundation
import HTTPTypes
import Testing
import X509
import _CryptoExtras

@testable import PatchBayCore

/// Amazon SNS signatures, with a signing certificate made here (AWS
/// publishes no test key): messages signed as SNS signs them, over the
/// members AWS documents, with SignatureVersion 1 (SHA1withRSA) and 2
/// (SHA256withRSA).
@Suite("Verification: Amazon SNS")
struct VerificationSNSTests {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let certificatePEM: String = {
        let name = try! DistinguishedName { CommonName("sns.us-east-1.amazonaws.com") }
        let now = Date()
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(), issuerPrivateKey: .init(key))
        return try! certificate.serializeAsPEM().pemString
    }()
    static let certificateURL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem"
    static let topic = "arn:aws:sns:us-east-1:123456789012:ses-feedback"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func certificates() throws -> SNSSigningCertificates {
        let certificates = SNSSigningCertificates()
        try certificates.add(pem: certificatePEM, from: certificateURL)
        return certificates
    }

    static func envelope(
        type: String = "Notification", subject: String? = "Amazon SES Email Event Notification", certificateURL: String = certificateURL
    ) -> String {
        var members = [
            #""Type":"\#(type)""#, #""MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324""#, #""TopicArn":"\#(topic)""#,
            #""Message":"{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\"richard@example.com\"}]}}""#,
            #""Timestamp":"2023-11-14T22:13:20.000Z""#, #""SigningCertURL":"\#(certificateURL)""#,
            #""UnsubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe""#,
        ]
        if let subject { members.append(#""Subject":"\#(subject)""#) }
        if type != "Notification" {
            members += [
                #""Token":"2336412f37fb687f5d51e6e2425c464de""#,
                #""SubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336""#,
            ]
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func signed(_ body: String) throws -> Delivery {
        let signer = try VerificationSettingsTests.settings(#"{"scheme": "sns"}"#).makeSigner(signingKey: Array(key.pemRepresentation.utf8))
        return try signer.sign(TestWebhook.request(headers: [("Content-Type", "text/plain; charset=UTF-8")], body: body), at: now)
    }

    static func verifier(topics: [String] = [topic], hosts: [SNSHostPattern] = SNSHostPattern.amazon) throws -> SNSVerifier {
        SNSVerifier(topics: topics.map { Array($0.utf8) }, hosts: hosts, certificates: try certificates())
    }

    @Test func acceptsEachSignedTypeWithAndWithoutSubject() throws {
        let verifier = try Self.verifier()
        for body in [
            Self.envelope(), Self.envelope(subject: nil), Self.envelope(type: "SubscriptionConfirmation", subject: nil),
            Self.envelope(type: "UnsubscribeConfirmation", subject: nil),
        ] {
            #expect(verifier.failure(try Self.signed(body), now: Self.now) == nil, "\(body)")
        }
    }

    @Test func acceptsSignatureVersionOne() throws {
        let body = Self.envelope()
        let message = try SNSMessage(body: Array(try Self.signed(body).body))
        let signature = try Self.key.signature(for: Insecure.SHA1.hash(data: message.stringToSign), padding: .insecurePKCS1v1_5)
        let versionOne = String(decoding: try Self.signed(body).body, as: UTF8.self)
            .replacingOccurrences(of: #""SignatureVersion":"2""#, with: #""SignatureVersion":"1""#)
            .replacingOccurrences(
                of: try #require(Self.signatureMember(of: try Self.signed(body))),
                with: #""Signature":"\#(signature.rawRepresentation.base64EncodedString())""#)
        #expect(try Self.verifier().failure(TestWebhook.request(body: versionOne), now: Self.now) == nil)
        let mismatched = versionOne.replacingOccurrences(of: #""SignatureVersion":"1""#, with: #""SignatureVersion":"2""#)
        #expect(try Self.verifier().failure(TestWebhook.request(body: mismatched), now: Self.now) == .signatureMismatch)
    }

    static func signatureMember(of request: Delivery) -> String? {
        let text = String(decoding: request.body, as: UTF8.self)
        guard let range = text.range(of: #""Signature":"[^"]*""#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    @Test func refusesTamperedMessagesAndOtherKeys() throws {
        let signed = String(decoding: try Self.signed(Self.envelope()).body, as: UTF8.self)
        let tampered = signed.replacingOccurrences(of: "richard@example.com", with: "victim@example.com")
        #expect(try Self.verifier().failure(TestWebhook.request(body: tampered), now: Self.now) == .signatureMismatch)
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let forged = try VerificationSettingsTests.settings(#"{"scheme": "sns"}"#).makeSigner(signingKey: Array(otherKey.pemRepresentation.utf8))
            .sign(TestWebhook.request(body: Self.envelope()), at: Self.now)
        #expect(try Self.verifier().failure(forged, now: Self.now) == .signatureMismatch)
    }

    /// As SNS stamps each message it sends, the signer stamps the time it
    /// signs, so that a stored example (an embedded test from 2024) is not
    /// refused as stale; and it names the certificate it was told to, so that
    /// `patchbay send` can point the bridge at a host that serves it.
    @Test func theSignerStampsItsTimeAndNamesTheCertificateItIsGiven() throws {
        let later = Self.now.addingTimeInterval(86_400 * 30)
        let settings = try VerificationSettingsTests.settings(#"{"scheme": "sns", "certificateHosts": ["localhost"]}"#)
        let local = "https://localhost:8443/SimpleNotificationService-local.pem"
        let signer = try settings.makeSigner(signingKey: Array(Self.key.pemRepresentation.utf8), certificateURL: local)
        let signed = try signer.sign(TestWebhook.request(body: Self.envelope()), at: later)
        let message = try JSONParser().parse(signed.body)
        #expect(message["Timestamp"] == "2023-12-14T22:13:20Z")
        #expect(message["SigningCertURL"] == .string(local))
        let certificates = SNSSigningCertificates()
        try certificates.add(pem: Self.certificatePEM, from: local)
        let verifier = SNSVerifier(topics: [Array(Self.topic.utf8)], hosts: [try #require(SNSHostPattern("localhost"))], certificates: certificates)
        #expect(verifier.failure(signed, now: later) == nil)
        // Without a URL, the message keeps the one it names.
        let kept = try settings.makeSigner(signingKey: Array(Self.key.pemRepresentation.utf8)).sign(
            TestWebhook.request(body: Self.envelope()), at: later)
        #expect(try JSONParser().parse(kept.body)["SigningCertURL"] == .string(Self.certificateURL))
        #expect(throws: SigningFailure("a signing certificate URL is for the sns scheme only")) {
            try VerificationSettingsTests.settings(#"{"scheme": "stripe"}"#).makeSigner(signingKey: Array("whsec_x".utf8), certificateURL: local)
        }
    }

    @Test func onlyTheAcceptedTopicsPass() throws {
        let signed = try Self.signed(Self.envelope())
        #expect(try Self.verifier(topics: ["arn:aws:sns:us-east-1:999999999999:other"]).failure(signed, now: Self.now) == .credentialMismatch)
    }

    static let certificateRefused = VerificationFailure.malformedBody(
        reason: "SNS SigningCertURL is not an https SimpleNotificationService-….pem URL on an admitted host")

    @Test(arguments: [
        "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.pem",
        "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-a1.pem",
        "https://evil.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.pem",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.txt",
        "https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.pem",
        "https://sns..amazonaws.com/SimpleNotificationService-a1.pem",
        // S3's virtual-hosted buckets named "sns": anyone owning the bucket could serve a certificate.
        "https://sns.s3.amazonaws.com/SimpleNotificationService-a1.pem",
        "https://sns.s3-accelerate.amazonaws.com/SimpleNotificationService-a1.pem",
        "https://sns.s3-us-west-2.amazonaws.com/SimpleNotificationService-a1.pem",
        // Other paths, queries and fragments would let a message make the bridge fetch any number of URLs.
        "https://sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.pem?n=1",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a1.pem#n",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-../x.pem",
    ])
    func certificatesComeOnlyFromAdmittedHosts(url: String) throws {
        let signed = try Self.signed(Self.envelope(certificateURL: url))
        #expect(try Self.verifier().failure(signed, now: Self.now) == Self.certificateRefused)
    }

    @Test(arguments: ["us-east-1", "eu-west-2", "ap-southeast-1", "us-gov-west-1", "cn-north-1"])
    func everyRegionShapedHostIsAdmitted(region: String) {
        let url =
            "https://sns.\(region).amazonaws.com\(region.hasPrefix("cn") ? ".cn" : "")/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
        #expect(SNSHostPattern.admits(url, patterns: SNSHostPattern.amazon, certificate: true))
    }

    @Test func hostPatternsNeedTwoFixedLabelsAfterTheWildcard() {
        #expect(SNSHostPattern("*") == nil)
        #expect(SNSHostPattern("sns.*.com") == nil)
        #expect(SNSHostPattern("a*.example.com") == nil)
        #expect(SNSHostPattern("sns.*.example.com") != nil)
    }

    @Test func aLineBreakCannotMoveAMemberBoundary() throws {
        // A captured Notification with a Subject, rewritten without it and with
        // "\nSubject\n…" folded into MessageId, would sign the same string.
        let signed = String(decoding: try Self.signed(Self.envelope()).body, as: UTF8.self)
        let rewritten =
            signed
            .replacingOccurrences(of: #","Subject":"Amazon SES Email Event Notification""#, with: "")
            .replacingOccurrences(
                of: #""MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324""#,
                with: #""MessageId":"new-id\nSubject\nAmazon SES Email Event Notification""#)
        #expect(
            try Self.verifier().failure(TestWebhook.request(body: rewritten), now: Self.now)
                == .malformedBody(reason: "SNS MessageId holds a line break"))
    }

    @Test func aMessageOlderThanTheToleranceIsRefused() throws {
        let signed = try Self.signed(Self.envelope())
        #expect(try Self.verifier().failure(signed, now: Self.now.addingTimeInterval(86_400 * 2)) == .staleTimestamp)
        #expect(try Self.verifier().failure(signed, now: Self.now.addingTimeInterval(-86_400 * 2)) == .futureTimestamp)
    }

    @Test func theCertificateCacheKeepsTheNewest() throws {
        let certificates = SNSSigningCertificates()
        for index in 0...SNSSigningCertificates.capacity {
            try certificates.add(pem: Self.certificatePEM, from: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-\(index).pem")
        }
        #expect(certificates.publicKey(at: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem") == nil)
        #expect(
            certificates.publicKey(at: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-\(SNSSigningCertificates.capacity).pem") != nil)
    }

    @Test func aCertificateNotYetFetchedIsNamed() throws {
        let url = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-other.pem"
        let signed = try Self.signed(Self.envelope(certificateURL: url))
        #expect(try Self.verifier().failure(signed, now: Self.now) == .certificateNotFetched(url))
        #expect(try Self.verifier(hosts: [try #require(SNSHostPattern("localhost"))]).failure(signed, now: Self.now) == Self.certificateRefused)
    }

    @Test(arguments: [
        ("[]", "not an SNS message (a JSON object)"),
        (#"{"Type":"Notification"}"#, "SNS message without TopicArn"),
        (#"{"Type":"Other","TopicArn":"t"}"#, "unknown SNS message type Other"),
        (
            #"{"Type":"Notification","TopicArn":"t","Timestamp":"x","SignatureVersion":"2","Signature":"%%","SigningCertURL":"u"}"#,
            "SNS Signature is not base64"
        ),
        (
            #"{"Type":"Notification","TopicArn":"t","SignatureVersion":"3","Signature":"AA==","SigningCertURL":"u","Message":"m","MessageId":"i","Timestamp":"t"}"#,
            "SNS SignatureVersion 3 is not 1 or 2"
        ),
        (
            #"{"Type":"Notification","TopicArn":"t","SignatureVersion":"2","Signature":"AA==","SigningCertURL":"u","MessageId":"i","Timestamp":"t"}"#,
            "SNS Notification without Message"
        ),
        (#"{"Type":1}"#, "SNS Type is not a string"),
    ])
    func malformedMessagesAreNamed(body: String, reason: String) throws {
        #expect(try Self.verifier().failure(TestWebhook.request(body: body), now: Self.now) == .malformedBody(reason: reason))
    }

    @Test func aVerifiedSubscriptionConfirmationNamesItsURLOnAnAdmittedHost() throws {
        let confirmation = try Self.signed(Self.envelope(type: "SubscriptionConfirmation", subject: nil))
        #expect(
            try Self.verifier().subscriptionConfirmationURL(in: confirmation)
                == "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336")
        #expect(try Self.verifier().subscriptionConfirmationURL(in: try Self.signed(Self.envelope())) == nil)
        let elsewhere = String(decoding: confirmation.body, as: UTF8.self)
            .replacingOccurrences(
                of: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription", with: "https://evil.example/?Action=ConfirmSubscription")
        #expect(try Self.verifier().subscriptionConfirmationURL(in: TestWebhook.request(body: elsewhere)) == nil)
    }

    @Test func theSNSBodyFormatReadsTheMessageInPlace() throws {
        let mapping = try MappingFixture.load(
            #"""
            {"source": "test", "verify": {"scheme": "none"}, "body": "sns", "key": "$.MessageId",
             "rules": [{"name": "complaint", "when": {"path": "$.Message.notificationType", "equals": "Complaint"},
                        "externalId": "$.Message.complaint.complainedRecipients[0].emailAddress", "set": {"emailOptOut": true}}]}
            """#)
        let events = try mapping.evaluate(Delivery(headers: [.contentType: "text/plain; charset=UTF-8"], body: Array(Self.envelope().utf8)))
        #expect(events.first?.updates.map(\.externalId) == ["richard@example.com"])
        #expect(events.first?.key == "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
    }
}
