import Foundation

/// Signs as Stripe does: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
struct StripeSigner: WebhookSigner {
    let secret: [UInt8]

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let timestamp = TimestampUnit.seconds.text(for: time)
        let mac = HMACAlgorithm.sha256.authenticationCode(for: [Array("\(timestamp).".utf8), request.body], key: secret)
        var signed = request
        try signed.headers.set(StripeVerifier.header, "t=\(timestamp),v1=\(SignatureEncoding.hex.encode(mac))")
        return signed
    }
}
