import Crypto
import Foundation
import PatchBayCore

/// Why a JWT was refused.
struct TokenRejection: Error, Equatable {
    var message: String
}

/// Checks a compact HS256 JWT (RFC 7519): its header names HS256, its
/// signature is the HMAC-SHA256 of `header.payload` under the shared secret,
/// and its `exp` claim lies in the future.
struct HS256TokenVerifier {
    var secret: [UInt8]

    /// The token's claims when it is valid at `now`.
    func verify(_ token: String, now: Date) -> Result<JSONObject, TokenRejection> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = Base64URL.decode(parts[0]),
            let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else {
            return .failure(TokenRejection(message: "malformed JWT"))
        }
        guard let header = try? JSONParser().parse(headerBytes).objectValue,
            let claims = try? JSONParser().parse(payloadBytes).objectValue
        else {
            return .failure(TokenRejection(message: "malformed JWT"))
        }
        guard header["alg"]?.stringValue == "HS256" else {
            return .failure(TokenRejection(message: "JWT algorithm must be HS256"))
        }
        let signedPart = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signedPart, using: SymmetricKey(data: secret))
        else {
            return .failure(TokenRejection(message: "invalid JWT signature"))
        }
        guard let expiry = claims["exp"]?.numberValue?.doubleValue else {
            return .failure(TokenRejection(message: "JWT has no exp claim"))
        }
        guard expiry > now.timeIntervalSince1970 else {
            return .failure(TokenRejection(message: "JWT expired"))
        }
        return .success(claims)
    }
}
