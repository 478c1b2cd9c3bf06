import PatchBayCore

extension VerificationSettings.Scheme {
    /// A short name for metrics and logs: the mapping file's scheme name, or
    /// `hmac` for every single-header HMAC (GitHub, Shopify, Typeform…).
    var name: String {
        switch self {
        case .none: "none"
        case .stripe: "stripe"
        case .standardWebhooks: "standard-webhooks"
        case .hmac: "hmac"
        case .twilio: "twilio"
        case .sendGrid: "sendgrid"
        case .mailgun: "mailgun"
        case .hubSpot: "hubspot"
        case .basicAuth: "basic"
        case .sharedToken: "token"
        }
    }
}
