import Crypto
import Foundation
import PatchBayCore

/// Signature headers computed as the providers compute them, over any body.
enum ProviderSignatures {
    /// `Stripe-Signature` for `body` at `timestamp`: HMAC-SHA256 of `"<t>.<body>"`.
    static func stripe(_ body: [UInt8], secret: String = BridgeHarness.stripeSecret, timestamp: Int = Int(Date().timeIntervalSince1970)) -> (name: String, value: String) {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
        return ("Stripe-Signature", "t=\(timestamp),v1=\(SignatureEncoding.hex.encode(mac))")
    }

    /// The `webhook-*` headers of a Standard Webhooks delivery of `body`:
    /// HMAC-SHA256 of `"<id>.<timestamp>.<body>"` keyed with the base64 after `whsec_`.
    static func standardWebhooks(
        _ body: [UInt8], id: String, secret: String = BridgeHarness.secret(of: "standard-webhooks"),
        timestamp: Int = Int(Date().timeIntervalSince1970)
    ) -> [(name: String, value: String)] {
        let key = Array(Data(base64Encoded: String(secret.dropFirst("whsec_".count)))!)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).".utf8) + body, using: SymmetricKey(data: key))
        return [("webhook-id", id), ("webhook-timestamp", "\(timestamp)"), ("webhook-signature", "v1," + SignatureEncoding.base64.encode(mac))]
    }
}
