import Crypto
import Foundation

/// Senders that put an HMAC-signed JSON Web Token (RFC 7519) in a header and
/// bind it to the request with hash claims: Vonage (`Authorization: Bearer`,
/// `payload_hash`) and MessageBird (`MessageBird-Signature-JWT`,
/// `payload_hash` and `url_hash`).
///
/// The token must be signed with one of the allowed algorithms under any
/// secret (its bytes as written). A body hash claim must equal the hex
/// SHA-256 of the raw body, and must be present whenever the body is not
/// empty; a URL hash claim must equal the hex SHA-256 of the URL the sender
/// called. `exp` and `nbf`, when present, must hold (allowing
/// ``clockSkew``); `iat`, when present, must lie within the tolerance. A
/// token with neither `exp` nor `iat` never expires and is refused.
public struct JWTVerifier: WebhookVerifier {
    /// How far `exp` and `nbf` may be off, for clocks a little apart.
    static let clockSkew: Double = 5

    /// Everything that distinguishes one JWT sender from another.
    public struct Configuration: Sendable, Hashable {
        /// The header carrying the token.
        public var header: String
        /// Text before the token in the header, e.g. `Bearer `; may be empty.
        public var prefix: String
        /// The `alg` values accepted.
        public var algorithms: Set<JWTAlgorithm>
        /// The claim holding the hex SHA-256 of the body.
        public var bodyHashClaim: String?
        /// The claim holding the hex SHA-256 of the URL called.
        public var urlHashClaim: String?
        /// The `iss` the token must carry.
        public var issuer: String?
        public var tolerance: TimestampTolerance
        /// The public URL for the URL hash, when proxies rewrite it.
        public var publicURL: PublicURL?

        public init(
            header: String = "Authorization", prefix: String = "Bearer ", algorithms: Set<JWTAlgorithm> = [.hs256],
            bodyHashClaim: String? = nil, urlHashClaim: String? = nil, issuer: String? = nil,
            tolerance: TimestampTolerance = .standard, publicURL: PublicURL? = nil
        ) {
            self.header = header
            self.prefix = prefix
            self.algorithms = algorithms
            self.bodyHashClaim = bodyHashClaim
            self.urlHashClaim = urlHashClaim
            self.issuer = issuer
            self.tolerance = tolerance
            self.publicURL = publicURL
        }
    }

    private let configuration: Configuration
    private let secrets: [[UInt8]]

    public init(_ configuration: Configuration, secrets: [[UInt8]]) {
        self.configuration = configuration
        self.secrets = secrets
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let header = configuration.header
        let value = try request.headers.single(header)
        guard value.hasPrefix(configuration.prefix) else {
            throw .malformedHeader(header, reason: "does not start with the configured prefix")
        }
        let token = try SignedJWT(value.dropFirst(configuration.prefix.count), header: header)
        guard configuration.algorithms.contains(token.algorithm) else {
            throw .malformedHeader(header, reason: "the token's algorithm \(token.algorithm.rawValue) is not accepted")
        }
        guard token.algorithm.matches(token.signature, message: token.signedPart, keys: secrets) else {
            throw .signatureMismatch
        }
        try checkTimes(token.claims, now: now)
        if let issuer = configuration.issuer, token.claims["iss"]?.stringValue != issuer {
            throw .claimMismatch("iss")
        }
        if let claim = configuration.bodyHashClaim {
            if let expected = token.claims[claim] {
                guard expected.stringValue?.lowercased() == Self.sha256Hex(request.body) else { throw .claimMismatch(claim) }
            } else if !request.body.isEmpty {
                throw .claimMismatch(claim)
            }
        }
        if let claim = configuration.urlHashClaim {
            let url = configuration.publicURL.signedURL(for: request)
            guard token.claims[claim]?.stringValue?.lowercased() == Self.sha256Hex(Array(url.utf8)) else {
                throw .claimMismatch(claim)
            }
        }
    }

    private func checkTimes(_ claims: JSONValue, now: Date) throws(VerificationFailure) {
        let current = now.timeIntervalSince1970
        let expires = try Self.time("exp", in: claims)
        let issued = try Self.time("iat", in: claims)
        guard expires != nil || issued != nil else { throw .claimMismatch("exp") }
        if let expires, current > expires + Self.clockSkew { throw .staleTimestamp }
        if let notBefore = try Self.time("nbf", in: claims), current < notBefore - Self.clockSkew { throw .futureTimestamp }
        if let issued { try configuration.tolerance.check(unixSeconds: issued, now: now) }
    }

    /// The NumericDate claim `name`, `nil` when absent.
    private static func time(_ name: String, in claims: JSONValue) throws(VerificationFailure) -> Double? {
        guard let value = claims[name] else { return nil }
        guard let seconds = value.numberValue?.doubleValue, seconds.isFinite else { throw .claimMismatch(name) }
        return seconds
    }

    private static func sha256Hex(_ bytes: [UInt8]) -> String {
        SignatureEncoding.hex.encode(SHA256.hash(data: bytes))
    }
}
