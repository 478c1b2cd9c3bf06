import Crypto
import Foundation

/// Senders that sign with Ed25519 (RFC 8032) as a ``SignatureFormat``
/// describes: Telnyx signs `<telnyx-timestamp>|<body>` and sends the
/// signature base64 in `telnyx-signature-ed25519`.
///
/// The "secrets" are the sender's public keys, each base64 of the raw 32-byte
/// key (as Telnyx shows it) or of its DER SubjectPublicKeyInfo.
public struct Ed25519Verifier: WebhookVerifier {
    /// The DER SubjectPublicKeyInfo header in front of a raw Ed25519 key
    /// (RFC 8410: algorithm id-Ed25519, 1.3.101.112).
    private static let subjectPublicKeyInfoPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    private let format: SignatureFormat
    private let keys: [Curve25519.Signing.PublicKey]

    /// Reads each public key; fails naming the first that is not a base64
    /// Ed25519 public key.
    public init(format: SignatureFormat, publicKeys: [[UInt8]]) throws(InvalidSecret) {
        var keys: [Curve25519.Signing.PublicKey] = []
        for (index, text) in publicKeys.enumerated() {
            guard var raw = SignatureEncoding.base64.decode(String(decoding: text, as: UTF8.self)) else {
                throw InvalidSecret(index: index, reason: "not base64")
            }
            if raw.count == Self.subjectPublicKeyInfoPrefix.count + 32, raw.starts(with: Self.subjectPublicKeyInfoPrefix) {
                raw.removeFirst(Self.subjectPublicKeyInfoPrefix.count)
            }
            guard raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw InvalidSecret(index: index, reason: "not an Ed25519 public key (32 bytes, or DER SubjectPublicKeyInfo)")
            }
            keys.append(key)
        }
        self.format = format
        self.keys = keys
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let signed = try format.read(request, now: now)
        let message = signed.message.flatMap { $0 }
        let valid = keys.contains { key in
            signed.signatures.contains { key.isValidSignature($0, for: message) }
        }
        guard valid else { throw .signatureMismatch }
    }
}
