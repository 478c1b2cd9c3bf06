import Crypto
import Foundation

/// Signs as a ``SignatureFormat`` describes, with an HMAC (the `hmac`
/// scheme) or an Ed25519 private key (`ed25519`).
struct FormatSigner: WebhookSigner {
    let format: SignatureFormat
    let signMessage: @Sendable ([UInt8]) throws(SigningFailure) -> [UInt8]

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let (timestamp, message) = try format.messageToSign(request, at: time)
        return try format.writing(signature: try signMessage(message), timestamp: timestamp, into: request)
    }

    static func hmac(_ configuration: HMACVerifier.Configuration, key: [UInt8]) -> FormatSigner {
        FormatSigner(format: configuration.format) { configuration.algorithm.authenticationCode(for: [$0], key: key) }
    }

    /// `privateKey`: base64 of the 32-byte seed, or a PEM or base64 DER PKCS #8 key.
    static func ed25519(_ format: SignatureFormat, privateKey: [UInt8]) throws(SigningFailure) -> FormatSigner {
        let key = try PrivateKeyText.ed25519(privateKey)
        return FormatSigner(format: format) { message throws(SigningFailure) in
            do {
                return Array(try key.signature(for: message))
            } catch {
                throw SigningFailure("Ed25519 signing failed: \(error)")
            }
        }
    }
}
