import Crypto
import Foundation

/// Signs as a JWT sender does (Vonage, MessageBird): a token with `iat`,
/// `nbf`, `exp` (the tolerance later), a random `jti`, the issuer and the
/// configured hash claims, signed with the first accepted algorithm
/// (HS256 when accepted).
struct JWTSigner: WebhookSigner {
    let configuration: JWTVerifier.Configuration
    let secret: [UInt8]

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        let algorithm =
            configuration.algorithms.contains(.hs256)
            ? JWTAlgorithm.hs256 : JWTAlgorithm.allCases.first(where: configuration.algorithms.contains) ?? .hs256
        let issued = JSONValue.number(JSONNumber(Int(time.timeIntervalSince1970)))
        var claims: [(key: String, value: JSONValue)] = [
            (key: "iat", value: issued), (key: "nbf", value: issued),
            (key: "exp", value: .number(JSONNumber(Int(time.timeIntervalSince1970) + configuration.tolerance.seconds))),
            (key: "jti", value: .string(UUID().uuidString.lowercased())),
        ]
        if let issuer = configuration.issuer { claims.append((key: "iss", value: .string(issuer))) }
        if let claim = configuration.bodyHashClaim {
            claims.append((key: claim, value: .string(SignatureEncoding.hex.encode(SHA256.hash(data: request.body)))))
        }
        if let claim = configuration.urlHashClaim {
            let url = configuration.publicURL.signedURL(for: request)
            claims.append((key: claim, value: .string(SignatureEncoding.hex.encode(SHA256.hash(data: Array(url.utf8))))))
        }
        let header = #"{"alg":"\#(algorithm.rawValue)","typ":"JWT"}"#
        let signedPart = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(JSONValue.object(JSONObject(claims)).serialized().utf8))
        let signature = algorithm.authenticationCode(for: Array(signedPart.utf8), key: secret)
        var signed = request
        try signed.headers.set(configuration.header, configuration.prefix + signedPart + "." + Base64URL.encode(signature))
        return signed
    }
}
