import Foundation

/// Any sender that signs with an HMAC described by a ``SignatureFormat``:
/// GitHub, Shopify, Typeform, Paddle, Recurly, Calendly, Customer.io,
/// Zendesk, Square and many smaller services.
///
/// Each signature is HMAC with the configured hash over the format's signed
/// content, keyed with the secret's bytes; any signature matching any secret
/// passes.
public struct HMACVerifier: WebhookVerifier {
    /// Everything that distinguishes one HMAC sender from another.
    public struct Configuration: Sendable, Hashable {
        public var format: SignatureFormat
        public var algorithm: HMACAlgorithm

        public init(format: SignatureFormat, algorithm: HMACAlgorithm = .sha256) {
            self.format = format
            self.algorithm = algorithm
        }

        /// A format built from its parts (see ``SignatureFormat``) with `algorithm`.
        public init(
            header: String, algorithm: HMACAlgorithm = .sha256, encoding: SignatureEncoding = .hex,
            prefix: String = "", separator: String? = nil, signedContent: SignedContentTemplate = .body,
            timestamp: SignedTimestamp? = nil, publicURL: PublicURL? = nil
        ) {
            self.init(
                format: SignatureFormat(
                    header: header, encoding: encoding, prefix: prefix, separator: separator,
                    signedContent: signedContent, timestamp: timestamp, publicURL: publicURL
                ),
                algorithm: algorithm
            )
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

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let signed = try configuration.format.read(request, now: now)
        guard configuration.algorithm.matches(anyOf: signed.signatures, message: signed.message, keys: secrets) else {
            throw .signatureMismatch
        }
    }
}
