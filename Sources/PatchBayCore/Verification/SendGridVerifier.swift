import Crypto
import Foundation

/// SendGrid Event Webhook: ECDSA P-256 with SHA-256 over `timestamp + body`
/// (no separator).
///
/// The signature comes base64 DER-encoded in
/// `X-Twilio-Email-Event-Webhook-Signature`, the Unix timestamp in
/// `X-Twilio-Email-Event-Webhook-Timestamp`. The "secrets" are the public
/// verification keys, as base64 DER SubjectPublicKeyInfo.
public struct SendGridVerifier: WebhookVerifier {
    static let signatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
    static let timestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"

    private let keys: [P256.Signing.PublicKey]
    private let tolerance: TimestampTolerance

    /// Reads each public key; fails naming the first that is not a base64
    /// DER P-256 public key.
    public init(publicKeys: [[UInt8]], tolerance: TimestampTolerance = .standard) throws(InvalidSecret) {
        var keys: [P256.Signing.PublicKey] = []
        for (index, text) in publicKeys.enumerated() {
            guard let der = SignatureEncoding.base64.decode(String(decoding: text, as: UTF8.self)),
                let key = try? P256.Signing.PublicKey(derRepresentation: der)
            else {
                throw InvalidSecret(index: index, reason: "not a base64 DER P-256 public key")
            }
            keys.append(key)
        }
        self.keys = keys
        self.tolerance = tolerance
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let signatureText = try request.headers.single(Self.signatureHeader)
        let timestamp = try request.headers.single(Self.timestampHeader)
        guard let der = SignatureEncoding.base64.decode(signatureText),
            let signature = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else {
            throw .malformedHeader(Self.signatureHeader, reason: "not a base64 DER ECDSA signature")
        }
        guard let seconds = TimestampUnit.seconds.unixSeconds(timestamp) else {
            throw .malformedHeader(Self.timestampHeader, reason: "not a Unix time in seconds")
        }
        try tolerance.check(unixSeconds: seconds, now: now)
        var hash = SHA256()
        hash.update(data: Array(timestamp.utf8))
        hash.update(data: request.body)
        let digest = hash.finalize()
        guard keys.contains(where: { $0.isValidSignature(signature, for: digest) }) else {
            throw .signatureMismatch
        }
    }
}
