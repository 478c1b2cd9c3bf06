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
        guard let headerBytes = Self.base64URL(parts[0]), let head = try? JSONParser().parse(headerBytes), head.objectValue != nil else {
            throw .malformedHeader(header, reason: "the JWT header is not base64url JSON")
        }
        guard let name = head["alg"]?.stringValue, let algorithm = JWTAlgorithm(rawValue: name) else {
            throw .malformedHeader(header, reason: "the JWT names no accepted HMAC algorithm")
        }
        guard let payload = Self.base64URL(parts[1]), let claims = try? JSONParser().parse(payload), claims.objectValue != nil else {
            throw .malformedHeader(header, reason: "the JWT claims are not base64url JSON")
        }
        guard let signature = Self.base64URL(parts[2]), !signature.isEmpty else {
            throw .malformedHeader(header, reason: "the JWT signature is not base64url")
        }
        self.signedPart = Array(text[..<parts[1].endIndex].utf8)
        self.algorithm = algorithm
        self.claims = claims
        self.signature = signature
    }

    /// Unpadded base64url (RFC 7515 section 2) decoded; `nil` when invalid.
    private static func base64URL(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), !text.contains("+"), !text.contains("/") else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return SignatureEncoding.base64.decode(standard)
    }
}
