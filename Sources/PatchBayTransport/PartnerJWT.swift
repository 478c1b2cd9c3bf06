import Crypto
import Foundation

/// Signs partner-scoped HS256 JWTs (RFC 7519) for the Reach API.
struct PartnerJWT {
    /// The claims of a partner-scoped token, encoded with sorted keys.
    private struct Claims: Encodable {
        let partnerId: String
        let type = "partner"
        let iat: Int64
        let exp: Int64
    }

    /// `{"alg":"HS256","typ":"JWT"}`, base64url-encoded.
    private static let encodedHeader = Base64URL.encode(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    let settings: PartnerJWTSettings

    /// A token issued at `issuedAt` (seconds since 1970), expiring `lifetime` later.
    func sign(issuedAt: Int64) -> (token: String, expiresAt: Int64) {
        let expiresAt = issuedAt + settings.lifetime.components.seconds
        let claims = Claims(partnerId: settings.partnerId, iat: issuedAt, exp: expiresAt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings and integers cannot fail.
        let payload = Base64URL.encode(try! encoder.encode(claims))
        let signingInput = "\(Self.encodedHeader).\(payload)"
        let signature = HMAC<SHA256>.authenticationCode(
            for: Array(signingInput.utf8), using: SymmetricKey(data: settings.secret))
        return ("\(signingInput).\(Base64URL.encode(signature))", expiresAt)
    }
}
