import Foundation

/// Plivo signature V3: `X-Plivo-Signature-V3` = base64 HMAC-SHA256, keyed
/// with the auth token, over `<base URL>.<nonce>`, the nonce in
/// `X-Plivo-Signature-V3-Nonce`. The header may list several signatures,
/// comma-separated; any may match.
///
/// For a POST the base URL is `scheme://host[:port]/path`, then `?` and the
/// query parameters sorted (`name=value` joined by `&`, a repeated name's
/// values sorted) followed by `.` when there is a query, then every form
/// parameter as name + value, sorted by name (as Plivo's SDKs build it).
public struct PlivoVerifier: WebhookVerifier {
    static let signatureHeader = "X-Plivo-Signature-V3"
    static let nonceHeader = "X-Plivo-Signature-V3-Nonce"

    private let secrets: [[UInt8]]
    private let publicURL: PublicURL?

    public init(secrets: [[UInt8]], publicURL: PublicURL? = nil) {
        self.secrets = secrets
        self.publicURL = publicURL
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let value = try request.headers.single(Self.signatureHeader)
        let nonce = try request.headers.single(Self.nonceHeader)
        let signatures = value.split(separator: ",").compactMap { SignatureEncoding.base64.decode($0.trimmingBlanks()) }
        guard !signatures.isEmpty else { throw .malformedHeader(Self.signatureHeader, reason: "no base64 signature") }
        let message = try Self.signedText(of: request, url: publicURL.signedURL(for: request), nonce: nonce)
        guard HMACAlgorithm.sha256.matches(anyOf: signatures, message: [message], keys: secrets) else {
            throw .signatureMismatch
        }
    }

    /// The bytes Plivo signs for a form POST to `url` with `nonce`.
    static func signedText(of request: Delivery, url: String, nonce: String) throws(VerificationFailure) -> [UInt8] {
        guard let parsed = URLText(url) else { throw .malformedURL(reason: "not an absolute URL") }
        let query: [(name: String, value: String)]
        let form: [(name: String, value: String)]
        do {
            query = try FormURLEncoded.pairs((parsed.query ?? "").utf8)
        } catch {
            throw .malformedURL(reason: "query string: \(error)")
        }
        do {
            form = try FormURLEncoded.pairs(request.body)
        } catch {
            throw .malformedBody(reason: "form parameters: \(error)")
        }
        let base =
            parsed.scheme + "://" + parsed.userInfo + parsed.host + (parsed.port.map { ":" + $0 } ?? "")
            + parsed.rest.prefix { $0 != "?" && $0 != "#" }
        let sortedQuery = FormURLEncoded.sortedByNameThenValue(query).map { $0.name + Array("=".utf8) + $0.value }
        var text = Array(base.utf8)
        if !sortedQuery.isEmpty || !form.isEmpty { text += Array("?".utf8) + Array(sortedQuery.joined(separator: Array("&".utf8))) }
        if !sortedQuery.isEmpty, !form.isEmpty { text += Array(".".utf8) }
        text += FormURLEncoded.sortedByNameThenValue(form).flatMap { $0.name + $0.value }
        return text + Array(("." + nonce).utf8)
    }
}
