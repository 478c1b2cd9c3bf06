import Foundation

/// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256
/// over `"<t>.<body>"`, keyed with the whole secret (`whsec_…`) as UTF-8.
///
/// Valid when any `v1` matches any secret and `t` is within the tolerance.
/// Other schemes (`v0`, …) are ignored, as Stripe's libraries do.
public struct StripeVerifier: WebhookVerifier {
    static let header = "Stripe-Signature"

    private let secrets: [[UInt8]]
    private let tolerance: TimestampTolerance

    public init(secrets: [[UInt8]], tolerance: TimestampTolerance = .standard) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let value = try request.headers.single(Self.header)
        var timestamp: Substring?
        var signatures: [[UInt8]] = []
        for item in value.split(separator: ",") {
            guard let equals = item.firstIndex(of: "=") else {
                throw .malformedHeader(Self.header, reason: "an item is not key=value")
            }
            let key = item[..<equals].trimmingBlanks()
            let itemValue = item[item.index(after: equals)...].trimmingBlanks()
            switch key {
            case "t":
                guard timestamp == nil else { throw .malformedHeader(Self.header, reason: "more than one t") }
                timestamp = itemValue
            case "v1":
                guard let signature = SignatureEncoding.hex.decode(itemValue) else {
                    throw .malformedHeader(Self.header, reason: "a v1 signature is not hex")
                }
                signatures.append(signature)
            default:
                continue
            }
        }
        guard let timestamp else { throw .malformedHeader(Self.header, reason: "no t timestamp") }
        guard let seconds = TimestampUnit.seconds.unixSeconds(timestamp) else {
            throw .malformedHeader(Self.header, reason: "t is not a Unix time in seconds")
        }
        guard !signatures.isEmpty else { throw .malformedHeader(Self.header, reason: "no v1 signature") }
        try tolerance.check(unixSeconds: seconds, now: now)
        let message = [Array(timestamp.utf8), [UInt8(ascii: ".")], request.body]
        guard HMACAlgorithm.sha256.matches(anyOf: signatures, message: message, keys: secrets) else {
            throw .signatureMismatch
        }
    }
}
