import Foundation
import X509

/// Amazon SNS messages (SES notifications among them): the signature covers
/// the message's own members (``SNSMessage``), made with the private key of
/// the certificate at `SigningCertURL`: SHA1withRSA for `SignatureVersion`
/// 1, SHA256withRSA for 2.
///
/// The certificate must come from an `https` URL on a host the patterns
/// admit and end in `.pem`; it is fetched by the server on first use (a
/// missing one fails with ``VerificationFailure/certificateNotFetched(_:)``).
/// A valid signature proves only that SNS sent the message, from any AWS
/// account's topic, so the "secrets" are the topic ARNs accepted. The signed
/// `Timestamp` must lie within the tolerance (a day by default, longer than
/// SNS's retries), so that a captured message cannot be replayed once the
/// log has pruned its key.
public struct SNSVerifier: WebhookVerifier {
    /// SNS's default tolerance: a day, longer than its retries last.
    public static let defaultTolerance = TimestampTolerance(seconds: 86_400)

    private let topics: Set<String>
    private let hosts: [SNSHostPattern]
    private let tolerance: TimestampTolerance
    private let certificates: SNSSigningCertificates

    public init(
        topics: [[UInt8]], hosts: [SNSHostPattern] = SNSHostPattern.amazon, tolerance: TimestampTolerance = defaultTolerance,
        certificates: SNSSigningCertificates = .shared
    ) {
        self.topics = Set(topics.map { String(decoding: $0, as: UTF8.self) })
        self.hosts = hosts
        self.tolerance = tolerance
        self.certificates = certificates
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let message = try SNSMessage(body: request.body)
        let algorithm: Certificate.SignatureAlgorithm
        switch message.signatureVersion {
        case "1": algorithm = .sha1WithRSAEncryption
        case "2": algorithm = .sha256WithRSAEncryption
        default: throw .malformedBody(reason: "SNS SignatureVersion \(message.signatureVersion) is not 1 or 2")
        }
        guard SNSHostPattern.admits(message.signingCertificateURL, patterns: hosts, certificate: true) else {
            throw .malformedBody(reason: "SNS SigningCertURL is not an https SimpleNotificationService-….pem URL on an admitted host")
        }
        guard topics.contains(message.topicArn) else { throw .credentialMismatch }
        guard let sent = ISO8601Reader.read(message.timestamp, strict: true) else {
            throw .malformedBody(reason: "SNS Timestamp is not an RFC 3339 date-time")
        }
        try tolerance.check(unixSeconds: Double(sent.seconds) + Double(sent.nanoseconds) / 1_000_000_000, now: now)
        guard let key = certificates.publicKey(at: message.signingCertificateURL) else {
            throw .certificateNotFetched(message.signingCertificateURL)
        }
        guard key.isValidSignature(message.signature, for: message.stringToSign, signatureAlgorithm: algorithm) else {
            throw .signatureMismatch
        }
    }

    /// The URL to GET to confirm the subscription a verified
    /// `SubscriptionConfirmation` asks for, when its host is admitted.
    public func subscriptionConfirmationURL(in request: Delivery) -> String? {
        guard let message = try? SNSMessage(body: request.body), message.type == "SubscriptionConfirmation",
            let url = message.subscribeURL, SNSHostPattern.admits(url, patterns: hosts)
        else { return nil }
        return url
    }
}
