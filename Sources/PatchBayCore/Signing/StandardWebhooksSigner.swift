import Foundation

/// Signs as a Standard Webhooks sender does: `webhook-id` (kept when the
/// request has one, else a new `msg_…`), `webhook-timestamp` and
/// `webhook-signature: v1,<base64>`, under `svix-` names when the request
/// already uses them.
struct StandardWebhooksSigner: WebhookSigner {
    let key: [UInt8]

    /// `secret`: `whsec_<base64>`, the prefix optional.
    init(secret: [UInt8]) throws(SigningFailure) {
        guard let key = StandardWebhooksVerifier.key(fromSecret: secret) else {
            throw SigningFailure("the Standard Webhooks secret is \(StandardWebhooksVerifier.invalidSecretReason)")
        }
        self.key = key
    }

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let prefix = request.headers.contains("svix-id") ? "svix-" : "webhook-"
        let id = request.headers.values(prefix + "id").first ?? "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let timestamp = TimestampUnit.seconds.text(for: time)
        let mac = HMACAlgorithm.sha256.authenticationCode(for: [Array("\(id).\(timestamp).".utf8), request.body], key: key)
        var signed = request
        try signed.headers.set(prefix + "id", id)
        try signed.headers.set(prefix + "timestamp", timestamp)
        try signed.headers.set(prefix + "signature", "v1," + SignatureEncoding.base64.encode(mac))
        return signed
    }
}
