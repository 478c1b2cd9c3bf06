import Crypto
import Foundation

/// Signs as SendGrid's Event Webhook does: ECDSA P-256 over `timestamp +
/// body`, base64 DER, with the private half of the verification key.
struct SendGridSigner: WebhookSigner {
    let key: P256.Signing.PrivateKey

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let timestamp = TimestampUnit.seconds.text(for: time)
        let signature: P256.Signing.ECDSASignature
        do {
            signature = try key.signature(for: Array(timestamp.utf8) + request.body)
        } catch {
            throw SigningFailure("ECDSA signing failed: \(error)")
        }
        var signed = request
        try signed.headers.set(SendGridVerifier.signatureHeader, SignatureEncoding.base64.encode(signature.derRepresentation))
        try signed.headers.set(SendGridVerifier.timestampHeader, timestamp)
        return signed
    }
}
