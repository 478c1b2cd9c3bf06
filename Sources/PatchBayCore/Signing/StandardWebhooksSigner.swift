import Foundation

/// Signs as a Standard Webhooks sender does: `webhook-id` (kept when the
/// request has one, else a new `msg_…`), `webhook-timestamp` and
/// `webhook-signature: v1,<base64>`, under `svix-` names when the request
/// already uses them.
struct StandardWebhooksSigner: WebhookSigner {
    let key: [UInt8]

    /// `secret`: `whsec_<base64>`, the prefix optional.
    init(secret: [UInt8]) throws(SigningFailure) {
        do {
            _ = try StandardWebhooksVerifier(secrets: [secret])
        } catch {
            throw SigningFailure("the Standard Webhooks secret is \(error.reason)")
        }
        var text = Substring(decoding: secret, as: UTF8.self)
        if text.hasPrefix(StandardWebhooksVerifier.secretPrefix) { text = text.dropFirst(StandardWebhooksVerifier.secretPrefix.count) }
        key = SignatureEncoding.base64.decode(text) ?? []
    }

    func sign(_ request: WebhookRequest, at time: Date) throws(SigningFailure) -> WebhookRequest {
        let prefix = request.headers.contains("svix-id") ? "svix-" : "webhook-"
        let id = request.headers.values(prefix + "id").first ?? "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let timestamp = TimestampUnit.seconds.text(for: time)
        let mac = HMACAlgorithm.sha256.authenticationCode(for: [Array("\(id).\(timestamp).".utf8), request.body], key: key)
        var signed = request
        signed.headers.set(prefix + "id", id)
        signed.headers.set(prefix + "timestamp", timestamp)
        signed.headers.set(prefix + "signature", "v1," + SignatureEncoding.base64.encode(mac))
        return signed
    }
}
