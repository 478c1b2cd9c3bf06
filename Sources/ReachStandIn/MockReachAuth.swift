import Crypto
import Foundation
import PatchBayCore

/// How a mock Reach checks `Authorization: Bearer …`.
public enum MockReachAuth: Sendable, Equatable {
    /// Every request is accepted.
    case none
    /// The bearer token must be exactly this string.
    case staticToken(String)
    /// The bearer token must be an HS256 JWT signed with this shared secret
    /// and not expired (`exp` is required).
    case jwt(secret: [UInt8])

    /// The caller a request's bearer token identifies, or why it is refused.
    func authenticate(authorization: String?, now: Date) -> Result<BearerIdentity, MockReachError> {
        switch self {
        case .none:
            return .success(BearerIdentity(claims: JSONObject()))
        case .staticToken(let expected):
            return Self.bearerToken(in: authorization).flatMap { token in
                // Compare digests so the time taken does not depend on where the tokens differ.
                SHA256.hash(data: Data(token.utf8)) == SHA256.hash(data: Data(expected.utf8))
                    ? .success(BearerIdentity(claims: JSONObject()))
                    : .failure(.unauthorized("invalid bearer token"))
            }
        case .jwt(let secret):
            return Self.bearerToken(in: authorization).flatMap { token in
                HS256TokenVerifier(secret: secret).verify(token, now: now)
                    .map(BearerIdentity.init(claims:))
                    .mapError { .unauthorized($0.message) }
            }
        }
    }

    private static func bearerToken(in authorization: String?) -> Result<String, MockReachError> {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            return .failure(.unauthorized("missing bearer token"))
        }
        return .success(String(authorization.dropFirst("Bearer ".count)))
    }
}

/// The claims of an accepted bearer token (empty for a static token).
struct BearerIdentity {
    var claims: JSONObject

    /// Whether the token is partner-scoped (`"type": "partner"`): such a
    /// token must name its tenant in `reach-tenant-id`.
    var isPartnerScoped: Bool { claims["type"]?.stringValue == "partner" }

    /// The tenant a tenant-scoped token is bound to.
    var tenant: String? { claims["tenantExternalId"]?.stringValue }
}
