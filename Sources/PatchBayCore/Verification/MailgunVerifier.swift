import Foundation

/// Mailgun: the signature travels inside the JSON body as
/// `{"signature": {"timestamp", "token", "signature"}}`, the last being hex
/// HMAC-SHA256 of `timestamp + token` keyed with the signing key.
///
/// The body itself is not signed: `event-data` is not covered by the
/// signature. Each token is single-use: the store claims it when it commits the
/// delivery (see ``SingleUseToken``), until its timestamp leaves the tolerance.
public struct MailgunVerifier: WebhookVerifier {
    private let secrets: [[UInt8]]
    private let tolerance: TimestampTolerance

    public init(secrets: [[UInt8]], tolerance: TimestampTolerance = .standard) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let block = try Self.signatureBlock(of: request)
        guard let signature = SignatureEncoding.hex.decode(block.signature) else {
            throw .malformedBody(reason: "signature.signature is not hex")
        }
        try tolerance.check(unixSeconds: block.seconds, now: now)
        let message = [Array(block.timestamp.utf8), Array(block.token.utf8)]
        guard HMACAlgorithm.sha256.matches(anyOf: [signature], message: message, keys: secrets) else {
            throw .signatureMismatch
        }
    }

    /// The signed token, valid until the timestamp leaves the tolerance.
    public func singleUseToken(in request: Delivery) -> SingleUseToken? {
        guard let block = try? Self.signatureBlock(of: request) else { return nil }
        return SingleUseToken(
            value: block.token, expiresAt: Date(timeIntervalSince1970: block.seconds + Double(tolerance.seconds)),
            body: request.body)
    }

    /// The fields of the body's `signature` object, the timestamp also in seconds.
    private static func signatureBlock(
        of request: Delivery
    ) throws(VerificationFailure)
        -> (timestamp: String, seconds: Double, token: String, signature: String)
    {
        let body: JSONValue
        do {
            body = try JSONParser().parse(request.body)
        } catch {
            throw .malformedBody(reason: "not JSON: \(error)")
        }
        guard let block = body["signature"], block.objectValue != nil else {
            throw .malformedBody(reason: "no signature object")
        }
        let timestamp = try field("timestamp", of: block, allowingNumber: true)
        let token = try field("token", of: block, allowingNumber: false)
        let signature = try field("signature", of: block, allowingNumber: false)
        guard let seconds = TimestampUnit.seconds.unixSeconds(timestamp) else {
            throw .malformedBody(reason: "signature.timestamp is not a Unix time in seconds")
        }
        return (timestamp, seconds, token, signature)
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
