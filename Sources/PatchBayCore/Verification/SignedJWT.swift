import Foundation

/// A compact JWS (`header.payload.signature`, each base64url) as a webhook
/// sender sends it, split and decoded but not yet trusted.
struct SignedJWT {
    /// The bytes the signature covers: `header.payload` as sent.
    let signedPart: [UInt8]
    let algorithm: JWTAlgorithm
    /// The payload's claims, a JSON object.
    let claims: JSONValue
    let signature: [UInt8]

    /// Splits and decodes `text`; any problem fails naming `header`.
    init(_ text: Substring, header: String) throws(VerificationFailure) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedHeader(header, reason: "not a JWT (header.payload.signature)") }
        guard let headerBytes = Base64URL.decode(parts[0]), let head = try? JSONParser().parse(headerBytes), head.objectValue != nil else {
            throw .malformedHeader(header, reason: "the JWT header is not base64url JSON")
        }
        guard let name = head["alg"]?.stringValue, let algorithm = JWTAlgorithm(rawValue: name) else {
            throw .malformedHeader(header, reason: "the JWT names no accepted HMAC algorithm")
        }
        guard let payload = Base64URL.decode(parts[1]), let claims = try? JSONParser().parse(payload), claims.objectValue != nil else {
            throw .malformedHeader(header, reason: "the JWT claims are not base64url JSON")
        }
        guard let signature = Base64URL.decode(parts[2]), !signature.isEmpty else {
            throw .malformedHeader(header, reason: "the JWT signature is not base64url")
        }
        self.signedPart = Array(text[..<parts[1].endIndex].utf8)
        self.algorithm = algorithm
        self.claims = claims
        self.signature = signature
    }
}
