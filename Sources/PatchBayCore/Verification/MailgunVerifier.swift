import Foundation

/// Mailgun: the signature travels inside the JSON body as
/// `{"signature": {"timestamp", "token", "signature"}}`, the last being hex
/// HMAC-SHA256 of `timestamp + token` keyed with the signing key.
///
/// The body itself is not signed. Each token is accepted once: after the
/// signature checks out it is claimed in the ``ReplayCache`` until its
/// timestamp leaves the tolerance.
public struct MailgunVerifier: WebhookVerifier {
    private let secrets: [[UInt8]]
    private let tolerance: TimestampTolerance
    private let replayCache: any ReplayCache

    public init(secrets: [[UInt8]], tolerance: TimestampTolerance = .standard, replayCache: any ReplayCache) {
        self.secrets = secrets
        self.tolerance = tolerance
        self.replayCache = replayCache
    }

    public func verify(_ request: WebhookRequest, now: Date) throws(VerificationFailure) {
        let body: JSONValue
        do {
            body = try JSONParser().parse(request.body)
        } catch {
            throw .malformedBody(reason: "not JSON: \(error)")
        }
        guard let block = body["signature"], block.objectValue != nil else {
            throw .malformedBody(reason: "no signature object")
        }
        let timestamp = try Self.field("timestamp", of: block, allowingNumber: true)
        let token = try Self.field("token", of: block, allowingNumber: false)
        let signatureText = try Self.field("signature", of: block, allowingNumber: false)
        guard let seconds = TimestampUnit.seconds.unixSeconds(timestamp) else {
            throw .malformedBody(reason: "signature.timestamp is not a Unix time in seconds")
        }
        guard let signature = SignatureEncoding.hex.decode(signatureText) else {
            throw .malformedBody(reason: "signature.signature is not hex")
        }
        try tolerance.check(unixSeconds: seconds, now: now)
        let message = [Array(timestamp.utf8), Array(token.utf8)]
        guard HMACAlgorithm.sha256.matches(anyOf: [signature], message: message, keys: secrets) else {
            throw .signatureMismatch
        }
        let expiry = Date(timeIntervalSince1970: seconds + Double(tolerance.seconds))
        guard replayCache.claim(token, until: expiry, now: now) else { throw .replayedToken }
    }

    /// The text of `signature.<name>`: a string, or (for the timestamp) an
    /// integer number as some senders write it.
    private static func field(_ name: String, of block: JSONValue, allowingNumber: Bool) throws(VerificationFailure) -> String {
        switch block[name] {
        case .string(let text)?: return text
        case .number(let number)? where allowingNumber: return number.text
        case nil: throw .malformedBody(reason: "no signature.\(name)")
        case let other?: throw .malformedBody(reason: "signature.\(name) is a \(other.typeName), not a string")
        }
    }
}
