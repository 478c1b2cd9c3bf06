import Foundation

/// Signs as HubSpot's signature v3: base64 HMAC-SHA256 of method + URI +
/// body + timestamp (milliseconds) in `X-HubSpot-Signature-v3`.
struct HubSpotSigner: WebhookSigner {
    let secret: [UInt8]
    let publicURL: PublicURL?

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let timestamp = TimestampUnit.milliseconds.text(for: time)
        let uri = HubSpotVerifier.decodingReservedEscapes(publicURL.signedURL(for: request))
        let mac = HMACAlgorithm.sha256.authenticationCode(
            for: [Array((request.method + uri).utf8), request.body, Array(timestamp.utf8)], key: secret)
        var signed = request
        try signed.headers.set(HubSpotVerifier.signatureHeader, SignatureEncoding.base64.encode(mac))
        try signed.headers.set(HubSpotVerifier.timestampHeader, timestamp)
        return signed
    }
}
