import Foundation

/// Standard Webhooks (Svix and every sender adopting the spec).
///
/// Headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature` (space-separated `v1,<base64>` entries; other versions
/// are ignored), or the same under `svix-` names. The signature is
/// HMAC-SHA256 over `"<id>.<timestamp>.<body>"`, keyed with the secret after
/// its `whsec_` prefix is removed and the rest base64-decoded.
public struct StandardWebhooksVerifier: WebhookVerifier {
    /// The secret prefix that Standard Webhooks secrets carry.
    static let secretPrefix = "whsec_"

    private let keys: [[UInt8]]
    private let tolerance: TimestampTolerance

    /// Reads each secret as `whsec_<base64>` (the prefix is optional); fails
    /// naming the first secret that is not valid base64.
    public init(secrets: [[UInt8]], tolerance: TimestampTolerance = .standard) throws(InvalidSecret) {
        var keys: [[UInt8]] = []
        for (index, secret) in secrets.enumerated() {
            guard let key = Self.key(fromSecret: secret) else {
                throw InvalidSecret(index: index, reason: Self.invalidSecretReason)
            }
            keys.append(key)
        }
        self.keys = keys
        self.tolerance = tolerance
    }

    static let invalidSecretReason = "not base64 after the optional whsec_ prefix"

    /// The HMAC key of `secret` (`whsec_<base64>`, the prefix optional);
    /// `nil` when it is not base64 or empty.
    static func key(fromSecret secret: [UInt8]) -> [UInt8]? {
        var text = Substring(decoding: secret, as: UTF8.self)
        if text.hasPrefix(secretPrefix) { text = text.dropFirst(secretPrefix.count) }
        guard let key = SignatureEncoding.base64.decode(text), !key.isEmpty else { return nil }
        return key
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let prefix =
            request.headers.contains("webhook-signature") || !request.headers.contains("svix-signature")
            ? "webhook-" : "svix-"
        let id = try request.headers.single(prefix + "id")
        let timestamp = try request.headers.single(prefix + "timestamp")
        let signatureHeader = prefix + "signature"
        let signatureValue = try request.headers.single(signatureHeader)
        guard let seconds = TimestampUnit.seconds.unixSeconds(timestamp) else {
            throw .malformedHeader(prefix + "timestamp", reason: "not a Unix time in seconds")
        }
        var signatures: [[UInt8]] = []
        for entry in signatureValue.split(separator: " ") {
            guard let comma = entry.firstIndex(of: ",") else {
                throw .malformedHeader(signatureHeader, reason: "an entry is not version,signature")
            }
            guard entry[..<comma] == "v1" else { continue }
            guard let signature = SignatureEncoding.base64.decode(entry[entry.index(after: comma)...]) else {
                throw .malformedHeader(signatureHeader, reason: "a v1 signature is not base64")
            }
            signatures.append(signature)
        }
        guard !signatures.isEmpty else { throw .malformedHeader(signatureHeader, reason: "no v1 signature") }
        try tolerance.check(unixSeconds: seconds, now: now)
        let message = [Array("\(id).\(timestamp).".utf8), request.body]
        guard HMACAlgorithm.sha256.matches(anyOf: signatures, message: message, keys: keys) else {
            throw .signatureMismatch
        }
    }
}
