import Crypto
import Foundation

/// Signs as Twilio does: base64 HMAC-SHA1 of the URL and the sorted form
/// parameters in `X-Twilio-Signature`; a JSON body is bound instead by a
/// `bodySHA256` query parameter, and the signature covers the URL alone.
struct TwilioSigner: WebhookSigner {
    let secret: [UInt8]
    let publicURL: PublicURL?

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        var signed = request
        var message: [[UInt8]]
        let contentType = request.headers.values("Content-Type").first?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") || (contentType.isEmpty && request.body.first != UInt8(ascii: "{")) {
            let pairs: [(name: String, value: String)]
            do {
                pairs = try FormURLEncoded.pairs(request.body)
            } catch {
                throw SigningFailure("the body is not form-encoded: \(error)")
            }
            message = [Array(publicURL.signedURL(for: request).utf8)] + FormURLEncoded.sortedByNameThenValue(pairs).map { $0.name + $0.value }
        } else {
            let digest = SignatureEncoding.hex.encode(SHA256.hash(data: request.body))
            signed.url += (signed.url.contains("?") ? "&" : "?") + TwilioVerifier.bodyDigestParameter + "=" + digest
            message = [Array(publicURL.signedURL(for: signed).utf8)]
        }
        let mac = HMACAlgorithm.sha1.authenticationCode(for: message, key: secret)
        try signed.headers.set(TwilioVerifier.header, SignatureEncoding.base64.encode(mac))
        return signed
    }
}
