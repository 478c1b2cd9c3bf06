import Foundation

/// Any sender that puts an HMAC of (part of) the request in one header:
/// GitHub, Shopify, Typeform and many smaller services.
///
/// The header holds `<prefix><signature>`, the signature being HMAC with the
/// configured hash over the ``SignedContentTemplate`` (the body by default),
/// keyed with the secret's bytes, written in hex or base64. With a
/// ``TimestampHeader`` the timestamp must also lie within its tolerance.
public struct HMACVerifier: WebhookVerifier {
    /// A header carrying the Unix time of the delivery.
    public struct TimestampHeader: Sendable, Hashable {
        public var name: String
        public var unit: TimestampUnit
        public var tolerance: TimestampTolerance

        public init(name: String, unit: TimestampUnit = .seconds, tolerance: TimestampTolerance = .standard) {
            self.name = name
            self.unit = unit
            self.tolerance = tolerance
        }
    }

    /// Everything that distinguishes one HMAC sender from another.
    public struct Configuration: Sendable, Hashable {
        /// The header carrying the signature.
        public var header: String
        public var algorithm: HMACAlgorithm
        public var encoding: SignatureEncoding
        /// Text before the signature in the header, e.g. `sha256=`; may be empty.
        public var prefix: String
        public var signedContent: SignedContentTemplate
        public var timestamp: TimestampHeader?
        /// The public URL for `{url}`, when proxies rewrite it.
        public var publicURL: PublicURL?

        public init(
            header: String, algorithm: HMACAlgorithm = .sha256, encoding: SignatureEncoding = .hex,
            prefix: String = "", signedContent: SignedContentTemplate = .body,
            timestamp: TimestampHeader? = nil, publicURL: PublicURL? = nil
        ) {
            self.header = header
            self.algorithm = algorithm
            self.encoding = encoding
            self.prefix = prefix
            self.signedContent = signedContent
            self.timestamp = timestamp
            self.publicURL = publicURL
        }

        /// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
        public static let github = Configuration(header: "X-Hub-Signature-256", prefix: "sha256=")
        /// Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>`.
        public static let shopify = Configuration(header: "X-Shopify-Hmac-Sha256", encoding: .base64)
        /// Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>`.
        public static let typeform = Configuration(header: "Typeform-Signature", encoding: .base64, prefix: "sha256=")
    }

    private let configuration: Configuration
    private let secrets: [[UInt8]]

    public init(_ configuration: Configuration, secrets: [[UInt8]]) {
        self.configuration = configuration
        self.secrets = secrets
    }

    public func verify(_ request: WebhookRequest, now: Date) throws(VerificationFailure) {
        let header = configuration.header
        let value = try request.headers.single(header)
        guard value.hasPrefix(configuration.prefix) else {
            throw .malformedHeader(header, reason: "does not start with the configured prefix")
        }
        guard let signature = configuration.encoding.decode(value.dropFirst(configuration.prefix.count)) else {
            throw .malformedHeader(header, reason: "signature is not \(configuration.encoding.rawValue)")
        }
        var timestampText: String?
        if let timestamp = configuration.timestamp {
            let text = try request.headers.single(timestamp.name)
            guard let seconds = timestamp.unit.unixSeconds(text) else {
                throw .malformedHeader(timestamp.name, reason: "not a Unix time in \(timestamp.unit.rawValue)")
            }
            try timestamp.tolerance.check(unixSeconds: seconds, now: now)
            timestampText = text
        }
        let message = try configuration.signedContent.message(
            for: request, signedURL: configuration.publicURL.signedURL(for: request), timestamp: timestampText
        )
        guard configuration.algorithm.matches(anyOf: [signature], message: message, keys: secrets) else {
            throw .signatureMismatch
        }
    }
}
