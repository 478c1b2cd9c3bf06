/// How PatchBay proves its identity to the upstream (Reach) API.
public enum UpstreamCredentials: Sendable, CustomStringConvertible {
    /// A pre-made token sent as is.
    case bearerToken(String)
    /// A partner-scoped HS256 JWT that PatchBay signs itself from a shared secret.
    case partnerJWT(PartnerJWTSettings)

    /// Names the kind of credentials, never the secret.
    public var description: String {
        switch self {
        case .bearerToken: "static bearer token (redacted)"
        case .partnerJWT(let settings): "partner JWT for partner \(settings.partnerId) (secret redacted)"
        }
    }
}

/// What signs a partner-scoped JWT: claims `partnerId`, `type: "partner"`, `iat` and `exp`.
public struct PartnerJWTSettings: Sendable {
    /// The HS256 secret Reach gave the partner.
    public var secret: [UInt8]
    /// The partner's id, the `partnerId` claim.
    public var partnerId: String
    /// How long a token is valid (`exp - iat`); Reach recommends one hour.
    public var lifetime: Duration
    /// A new token is signed once less than this remains of the current one.
    public var refreshMargin: Duration

    /// Creates settings; the defaults are a one-hour lifetime renewed five minutes before expiry.
    public init(secret: [UInt8], partnerId: String, lifetime: Duration = .seconds(3600), refreshMargin: Duration = .seconds(300)) {
        self.secret = secret
        self.partnerId = partnerId
        self.lifetime = lifetime
        self.refreshMargin = refreshMargin
    }
}
