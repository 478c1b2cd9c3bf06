/// The scheme names a mapping file may use, with the options each accepts:
/// the one table of scheme names, which the `"verify"` reader reads and
/// ``VerificationSettings/Scheme/name`` reports.
enum SchemeName: String, CaseIterable {
    case none
    case stripe
    case standardWebhooks = "standard-webhooks"
    case github
    case shopify
    case typeform
    case hmac
    case ed25519
    case jwt
    case twilio
    case plivo
    case sendgrid
    case mailgun
    case hubspot
    case sns
    case basic
    case token

    /// The name a decoded scheme goes by: its own, or `hmac` for every HMAC
    /// preset (GitHub, Shopify, Typeform…), which decode to the same scheme.
    init(_ scheme: VerificationSettings.Scheme) {
        switch scheme {
        case .none: self = .none
        case .stripe: self = .stripe
        case .standardWebhooks: self = .standardWebhooks
        case .hmac: self = .hmac
        case .ed25519: self = .ed25519
        case .jwt: self = .jwt
        case .twilio: self = .twilio
        case .plivo: self = .plivo
        case .sendGrid: self = .sendgrid
        case .mailgun: self = .mailgun
        case .hubSpot: self = .hubspot
        case .sns: self = .sns
        case .basicAuth: self = .basic
        case .sharedToken: self = .token
        }
    }

    /// The keys the scheme accepts besides `scheme` and `secret`.
    var options: [String] {
        switch self {
        case .none, .github, .shopify, .typeform, .basic: []
        case .stripe, .standardWebhooks, .sendgrid, .mailgun: ["tolerance"]
        case .hmac: ["algorithm"] + Self.formatOptions
        case .ed25519: Self.formatOptions
        case .jwt: ["header", "prefix", "algorithms", "bodyHash", "urlHash", "issuer", "tolerance", "publicURL"]
        case .twilio, .plivo: ["publicURL"]
        case .hubspot: ["tolerance", "publicURL"]
        case .sns: ["certificateHosts", "tolerance"]
        case .token: ["query", "header", "prefix"]
        }
    }

    /// The options of a ``SignatureFormat``.
    private static let formatOptions = ["header", "encoding", "prefix", "separator", "signed", "timestamp", "tolerance", "publicURL"]
}
