import Crypto
import Foundation

/// Reads the private keys `patchbay send` signs with, as operators hold them.
enum PrivateKeyText {
    /// The DER PKCS #8 header in front of a 32-byte Ed25519 seed (RFC 8410).
    private static let ed25519PKCS8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// An Ed25519 key: base64 of the 32-byte seed, or PEM or base64 DER PKCS #8.
    static func ed25519(_ text: [UInt8]) throws(SigningFailure) -> Curve25519.Signing.PrivateKey {
        guard var raw = SignatureEncoding.base64.decode(pemBody(text)) else {
            throw SigningFailure("the Ed25519 private key is not base64 or PEM")
        }
        if raw.count == ed25519PKCS8Prefix.count + 32, raw.starts(with: ed25519PKCS8Prefix) { raw.removeFirst(ed25519PKCS8Prefix.count) }
        guard raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw SigningFailure("not an Ed25519 private key (32 bytes, or PKCS #8)")
        }
        return key
    }

    /// A P-256 key: PEM (SEC 1 or PKCS #8) or base64 DER.
    static func p256(_ text: [UInt8]) throws(SigningFailure) -> P256.Signing.PrivateKey {
        let string = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: string) { return key }
        if let der = SignatureEncoding.base64.decode(string), let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return key }
        throw SigningFailure("not a P-256 private key (PEM or base64 DER)")
    }

    /// The base64 text of a PEM block, or the text itself, without line breaks.
    private static func pemBody(_ text: [UInt8]) -> String {
        String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("-----") && !$0.isEmpty }
            .joined()
    }
}
