import Crypto
import Foundation

/// Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1, keyed with the auth
/// token, over the full URL Twilio called followed by every POST parameter
/// as name + value, sorted by name and then by value.
///
/// When the URL carries `bodySHA256` (JSON bodies), the signature covers the
/// URL alone and the body must hash (SHA-256, hex) to that value. Like the
/// official SDKs, the URL is also tried without its port and with the
/// scheme's default port written out.
public struct TwilioVerifier: WebhookVerifier {
    static let header = "X-Twilio-Signature"
    static let bodyDigestParameter = "bodySHA256"

    private let secrets: [[UInt8]]
    private let publicURL: PublicURL?

    /// `publicURL` replaces the request's scheme, host, port and path when
    /// a proxy rewrites what the bridge sees.
    public init(secrets: [[UInt8]], publicURL: PublicURL? = nil) {
        self.secrets = secrets
        self.publicURL = publicURL
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let value = try request.headers.single(Self.header)
        guard let signature = SignatureEncoding.base64.decode(value) else {
            throw .malformedHeader(Self.header, reason: "not base64")
        }
        guard let url = URLText(publicURL.signedURL(for: request)) else {
            throw .malformedURL(reason: "not an absolute URL")
        }
        let parameters = try signedParameters(of: request, url: url)
        for variant in url.portVariants
        where HMACAlgorithm.sha1.matches(anyOf: [signature], message: [Array(variant.utf8)] + parameters, keys: secrets) {
            return
        }
        throw .signatureMismatch
    }

    /// The POST parameters as signed (name + value, sorted), or nothing after
    /// checking the body against the URL's `bodySHA256`.
    private func signedParameters(of request: Delivery, url: URLText) throws(VerificationFailure) -> [[UInt8]] {
        let query: [(name: String, value: String)]
        do {
            query = try FormURLEncoded.pairs((url.query ?? "").utf8)
        } catch {
            throw .malformedURL(reason: "query string: \(error)")
        }
        let digests = query.filter { $0.name == Self.bodyDigestParameter }
        if !digests.isEmpty {
            guard digests.count == 1, let expected = SignatureEncoding.hex.decode(digests[0].value) else {
                throw .malformedURL(reason: "\(Self.bodyDigestParameter) is not one hex SHA-256 digest")
            }
            guard SHA256.hash(data: request.body) == expected else { throw .bodyDigestMismatch }
            return []
        }
        let pairs: [(name: String, value: String)]
        do {
            pairs = try FormURLEncoded.pairs(request.body)
        } catch {
            throw .malformedBody(reason: "form parameters: \(error)")
        }
        return FormURLEncoded.sortedByNameThenValue(pairs).map { $0.name + $0.value }
    }
}
