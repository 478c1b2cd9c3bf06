import Foundation

/// A shared secret token sent with every delivery, in a query parameter
/// (Mailchimp: `https://bridge.example/hooks/mailchimp?token=…`) or a header,
/// compared with the configured secrets in constant time.
public struct SharedTokenVerifier: WebhookVerifier {
    /// Where the token travels.
    public enum Location: Sendable, Hashable {
        /// The query parameter of that name (percent-decoded before comparing).
        case query(String)
        /// The header of that name, after an optional prefix such as `Bearer `.
        case header(String, prefix: String)
    }

    private let location: Location
    private let tokens: SecretDigests

    public init(location: Location, tokens: [[UInt8]]) {
        self.location = location
        self.tokens = SecretDigests(tokens)
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        guard tokens.matches(Array(try presentedToken(in: request).utf8)) else { throw .credentialMismatch }
    }

    private func presentedToken(in request: Delivery) throws(VerificationFailure) -> String {
        switch location {
        case .query(let name):
            let values: [String]
            do {
                values = try FormURLEncoded.pairs((URLText.query(of: request.url) ?? "").utf8).filter { $0.name == name }.map(\.value)
            } catch {
                throw .malformedURL(reason: "query string: \(error)")
            }
            guard let token = values.first else { throw .missingQueryParameter(name) }
            guard values.count == 1 else { throw .malformedURL(reason: "query parameter \(name) repeated") }
            return token
        case .header(let name, let prefix):
            let value = try request.headers.single(name)
            guard value.hasPrefix(prefix) else {
                throw .malformedHeader(name, reason: "does not start with the configured prefix")
            }
            return String(value.dropFirst(prefix.count))
        }
    }
}
