import Foundation

/// Signs as Plivo's signature V3 does: a random nonce, and the base64
/// HMAC-SHA256 of the request's base URL and form parameters with it (see
/// ``PlivoVerifier``).
struct PlivoSigner: WebhookSigner {
    let secret: [UInt8]
    let publicURL: PublicURL?

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let nonce = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20))
        let message: [UInt8]
        do {
            message = try PlivoVerifier.signedText(of: request, url: publicURL.signedURL(for: request), nonce: nonce)
        } catch {
            throw SigningFailure("cannot sign for Plivo: \(error)")
        }
        var signed = request
        try signed.headers.set(PlivoVerifier.nonceHeader, nonce)
        try signed.headers.set(
            PlivoVerifier.signatureHeader, SignatureEncoding.base64.encode(HMACAlgorithm.sha256.authenticationCode(for: [message], key: secret)))
        return signed
    }
}
