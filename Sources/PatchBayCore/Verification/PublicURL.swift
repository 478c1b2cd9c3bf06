/// The public address a provider calls (`scheme://host[:port]/path`), for
/// schemes that sign the URL.
///
/// Proxies and load balancers rewrite the scheme, host, port or path the
/// bridge sees, so an operator can state the public address. The query string
/// is always the one of the request, since proxies pass it through.
public struct PublicURL: Sendable, Hashable, CustomStringConvertible {
    private let base: URLText

    /// A public URL from text; `nil` unless it is an absolute `http` or
    /// `https` URL with a host and without query, fragment or credentials.
    public init?(_ text: String) {
        guard let base = URLText(text), ["http", "https"].contains(base.scheme.lowercased()),
            base.userInfo.isEmpty, !base.rest.contains("?"), !base.rest.contains("#")
        else { return nil }
        self.base = base
    }

    public var description: String { base.description }

    /// The URL the provider signed for `requestURL`: this public URL followed
    /// by the request's query string, if any.
    func signedURL(for requestURL: String) -> String {
        guard let query = URLText.query(of: requestURL) else { return base.description }
        return base.description + "?" + query
    }
}

extension Optional where Wrapped == PublicURL {
    /// The URL a provider signed: the configured public URL with the request's
    /// query, or the request's own URL when none is configured.
    func signedURL(for request: Delivery) -> String {
        self?.signedURL(for: request.url) ?? request.url
    }
}
