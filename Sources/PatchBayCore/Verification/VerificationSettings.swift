import Foundation

/// How one source's deliveries are verified: the `"verify"` section of its
/// mapping file, decoded (see docs/verification.md for the syntax).
public struct VerificationSettings: Sendable, Hashable {
    /// A verification scheme with its options. A `nil` tolerance means the
    /// mapping sets none: ``makeVerifier(secrets:defaultTolerance:)``
    /// then uses the server's default.
    public enum Scheme: Sendable, Hashable {
        /// Accept every delivery.
        case none
        case stripe(tolerance: TimestampTolerance?)
        /// Standard Webhooks, also under `svix-` header names.
        case standardWebhooks(tolerance: TimestampTolerance?)
        /// GitHub, Shopify, Typeform and any other HMAC a ``SignatureFormat`` describes.
        case hmac(HMACVerifier.Configuration)
        /// Ed25519 signatures as a ``SignatureFormat`` describes (Telnyx); the
        /// secrets are public keys.
        case ed25519(SignatureFormat)
        /// An HMAC-signed JWT bound to the request by hash claims (Vonage,
        /// MessageBird).
        case jwt(JWTVerifier.Configuration)
        case twilio(publicURL: PublicURL?)
        /// Plivo signature V3 (form POSTs).
        case plivo(publicURL: PublicURL?)
        /// SendGrid's ECDSA Event Webhook; the secrets are public keys.
        case sendGrid(tolerance: TimestampTolerance?)
        case mailgun(tolerance: TimestampTolerance?)
        case hubSpot(tolerance: TimestampTolerance?, publicURL: PublicURL?)
        /// Amazon SNS message signatures; the secrets are the topic ARNs
        /// accepted, the certificates come from hosts `hosts` admits.
        case sns(hosts: [SNSHostPattern], tolerance: TimestampTolerance?)
        /// HTTP basic auth; each secret is `user:password`.
        case basicAuth
        /// A shared token in a query parameter or a header.
        case sharedToken(SharedTokenVerifier.Location)
    }

    public var scheme: Scheme
    /// Where the secret comes from when the mapping says so; `nil` means the
    /// source's default variable (see ``secretReference(forSource:)``).
    public var secret: SecretReference?

    public init(scheme: Scheme, secret: SecretReference? = nil) {
        self.scheme = scheme
        self.secret = secret
    }

    /// Whether the scheme needs a secret (every scheme but `none`).
    public var needsSecret: Bool {
        scheme != .none
    }

    /// Where the server reads the secrets of `source` from: the configured
    /// reference, else `PATCHBAY_SECRET_<SOURCE>`; `nil` for scheme `none`.
    public func secretReference(forSource source: String) -> SecretReference? {
        guard needsSecret else { return nil }
        return secret ?? .environment(SecretReference.defaultVariableName(forSource: source))
    }

    /// The verifier for these settings with `secrets` (see
    /// ``SecretReference/secrets(in:)``); any one of them is accepted.
    ///
    /// `defaultTolerance` applies to schemes with a timestamp whose mapping
    /// sets no `tolerance`.
    /// Fails when a scheme needs a secret and `secrets` is empty, or when a
    /// secret cannot be used by the scheme.
    public func makeVerifier(
        secrets: [[UInt8]], defaultTolerance: TimestampTolerance = .standard
    ) throws(InvalidSecret) -> any WebhookVerifier {
        if needsSecret, secrets.isEmpty { throw InvalidSecret(index: nil, reason: "no secret configured") }
        switch scheme {
        case .none:
            return UnverifiedSource()
        case .stripe(let tolerance):
            return StripeVerifier(secrets: secrets, tolerance: tolerance ?? defaultTolerance)
        case .standardWebhooks(let tolerance):
            return try StandardWebhooksVerifier(secrets: secrets, tolerance: tolerance ?? defaultTolerance)
        case .hmac(let configuration):
            return HMACVerifier(configuration, secrets: secrets)
        case .ed25519(let format):
            return try Ed25519Verifier(format: format, publicKeys: secrets)
        case .jwt(let configuration):
            return JWTVerifier(configuration, secrets: secrets)
        case .twilio(let publicURL):
            return TwilioVerifier(secrets: secrets, publicURL: publicURL)
        case .plivo(let publicURL):
            return PlivoVerifier(secrets: secrets, publicURL: publicURL)
        case .sendGrid(let tolerance):
            return try SendGridVerifier(publicKeys: secrets, tolerance: tolerance ?? defaultTolerance)
        case .mailgun(let tolerance):
            return MailgunVerifier(secrets: secrets, tolerance: tolerance ?? defaultTolerance)
        case .hubSpot(let tolerance, let publicURL):
            return HubSpotVerifier(secrets: secrets, tolerance: tolerance ?? defaultTolerance, publicURL: publicURL)
        case .sns(let hosts, let tolerance):
            return SNSVerifier(topics: secrets, hosts: hosts, tolerance: tolerance ?? SNSVerifier.defaultTolerance)
        case .basicAuth:
            return try BasicAuthVerifier(credentials: secrets)
        case .sharedToken(let location):
            return SharedTokenVerifier(location: location, tokens: secrets)
        }
    }
}
