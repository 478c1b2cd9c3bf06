/// Which check refused a delivery.
///
/// Meant for logs: it names the check and the offending header or field, and
/// never contains a secret or an expected signature. The HTTP layer answers
/// every failure with the same generic 401.
public enum VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A header the scheme needs is absent.
    case missingHeader(String)
    /// A header is present but cannot be read (or is repeated).
    case malformedHeader(String, reason: String)
    /// A query parameter the scheme needs is absent from the URL.
    case missingQueryParameter(String)
    /// The URL the signature covers cannot be read.
    case malformedURL(reason: String)
    /// The body cannot be read where the scheme needs its content.
    case malformedBody(reason: String)
    /// The signed timestamp is older than the tolerance allows.
    case staleTimestamp
    /// The signed timestamp is further in the future than the tolerance allows.
    case futureTimestamp
    /// The body does not match the digest the signed URL carries (Twilio `bodySHA256`).
    case bodyDigestMismatch
    /// No signature matches any configured secret.
    case signatureMismatch
    /// A signed token's claim is missing, unreadable or does not match the
    /// request (a JWT's body or URL hash, its issuer or its times).
    case claimMismatch(String)
    /// The credentials or shared token match no configured secret.
    case credentialMismatch
    /// The certificate a signature needs has not been fetched yet (Amazon
    /// SNS): the server fetches it from the URL and verifies again.
    case certificateNotFetched(String)
    /// The signed token was already claimed by another delivery in the store
    /// (Mailgun replay protection, see ``SingleUseToken``).
    case replayedToken

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing header \(name)"
        case .malformedHeader(let name, let reason): "malformed header \(name): \(reason)"
        case .missingQueryParameter(let name): "missing query parameter \(name)"
        case .malformedURL(let reason): "malformed URL: \(reason)"
        case .malformedBody(let reason): "malformed body: \(reason)"
        case .staleTimestamp: "timestamp older than the tolerance"
        case .futureTimestamp: "timestamp further in the future than the tolerance"
        case .bodyDigestMismatch: "body does not match the signed bodySHA256"
        case .signatureMismatch: "signature matches no configured secret"
        case .claimMismatch(let claim): "the signed \(claim) claim is missing or does not match the request"
        case .credentialMismatch: "credentials match no configured secret"
        case .certificateNotFetched(let url): "signing certificate \(url) not fetched"
        case .replayedToken: "token already used (replay)"
        }
    }
}
