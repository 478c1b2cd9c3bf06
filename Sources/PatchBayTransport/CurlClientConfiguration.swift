/// Settings of a `CurlClient`, fixed for its lifetime.
public struct CurlClientConfiguration: Sendable {
    /// Which HTTP versions the client offers.
    public enum HTTPVersion: Sendable {
        /// HTTP/1.1 only.
        case http1_1
        /// HTTP/2 over TLS when the server agrees (ALPN), HTTP/1.1 otherwise and over cleartext.
        case http2
    }

    /// Requests on the wire at once; further `send` calls wait their turn in arrival order.
    public var maxConcurrentRequests: Int = 32
    /// Open connections at once, over all hosts (`CURLMOPT_MAX_TOTAL_CONNECTIONS`). Idle
    /// connections up to this number stay in the pool for reuse.
    public var maxTotalConnections: Int = 32
    /// Open connections at once to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`).
    public var maxHostConnections: Int = 32
    /// Default time allowed to establish a connection, TLS included.
    public var connectTimeout: Duration = .seconds(10)
    /// Default time allowed for a whole exchange, connecting included.
    public var timeout: Duration = .seconds(30)
    /// Largest response body accepted; a larger one fails with `TransportError.Kind.responseTooLarge`.
    public var maxResponseBodySize: Int = 1 << 20
    /// The HTTP versions offered.
    public var httpVersion: HTTPVersion = .http2
    /// A PEM file of CA certificates to trust instead of the system's. Peer and host name
    /// verification are always on.
    public var caBundlePath: String?
    /// The `User-Agent` header sent unless a request sets its own.
    public var userAgent: String = "patchbay"

    /// Creates the default configuration.
    public init() {}

    /// Checks that the limits are usable.
    func validate() throws(TransportError) {
        for (name, value) in [
            ("maxConcurrentRequests", maxConcurrentRequests), ("maxTotalConnections", maxTotalConnections),
            ("maxHostConnections", maxHostConnections), ("maxResponseBodySize", maxResponseBodySize),
        ] where value < 1 {
            throw TransportError(.invalidConfiguration, "\(name) must be at least 1, got \(value)")
        }
        for (name, value) in [("connectTimeout", connectTimeout), ("timeout", timeout)] where value <= .zero {
            throw TransportError(.invalidConfiguration, "\(name) must be positive, got \(value)")
        }
    }
}
