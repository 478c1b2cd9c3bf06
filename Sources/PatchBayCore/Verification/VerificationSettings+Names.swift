extension VerificationSettings.Scheme {
    /// A short name for metrics, logs and catalogues: the mapping file's
    /// scheme name, or `hmac` for every HMAC preset (GitHub, Shopify, Typeform…).
    public var name: String { SchemeName(self).rawValue }

    /// What the sender proves and where, in a few words (Markdown), for
    /// catalogues: `HMAC-SHA256 in Paddle-Signature`, `token in ?token=
    /// (signs nothing)`.
    public var summary: String {
        switch self {
        case .none: "nothing (unverified)"
        case .stripe: "HMAC-SHA256 in `Stripe-Signature`"
        case .standardWebhooks: "HMAC-SHA256 in `webhook-signature` (or `svix-signature`)"
        case .hmac(let configuration): "HMAC-\(configuration.algorithm.rawValue.uppercased()) in `\(configuration.format.header)`"
        case .ed25519(let format): "Ed25519 in `\(format.header)`"
        case .jwt(let configuration): "HMAC-signed JWT in `\(configuration.header)`"
        case .twilio: "HMAC-SHA1 in `X-Twilio-Signature`"
        case .plivo: "HMAC-SHA256 in `X-Plivo-Signature-V3`"
        case .sendGrid: "ECDSA P-256 in `X-Twilio-Email-Event-Webhook-Signature`"
        case .mailgun: "HMAC-SHA256 in the body, single-use token"
        case .hubSpot: "HMAC-SHA256 in `X-HubSpot-Signature-v3`"
        case .sns: "RSA signature in the body (Amazon SNS), accepted topics only"
        case .basicAuth: "basic auth (signs nothing)"
        case .sharedToken(.query(let name)): "token in `?\(name)=` (signs nothing)"
        case .sharedToken(.header(let name, _)): "token in `\(name)` (signs nothing)"
        }
    }

    /// What a source's secret is, for an operator setting one up: what to
    /// copy from the provider, or to choose and give it.
    public var secretHint: String {
        switch self {
        case .none: "no secret"
        case .stripe, .standardWebhooks: "the endpoint's signing secret (whsec_…)"
        case .hmac, .jwt: "the webhook signing secret the provider shows"
        case .ed25519: "the provider's public key (base64)"
        case .twilio, .plivo: "the account's auth token"
        case .sendGrid: "the verification public key (base64 DER)"
        case .mailgun: "the HTTP webhook signing key"
        case .hubSpot: "the app's client secret"
        case .sns: "the ARNs of the SNS topics to accept, one per line"
        case .basicAuth: "user:password, also written into the webhook URL you give the provider"
        case .sharedToken: "a random token you choose and give the provider"
        }
    }
}
