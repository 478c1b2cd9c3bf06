import HTTPTypes

/// An HTTP request for `CurlClient.send(_:)`.
public struct TransportRequest: Sendable {
    /// The method, e.g. `PATCH`: an HTTP token (letters, digits and ``!#$%&'*+-.^_`|~``).
    public var method: String
    /// The absolute `http://` or `https://` URL, already percent-encoded.
    public var url: String
    /// The header fields to send. `Content-Length`, `Host` and `Accept` are set by the client
    /// unless given here.
    public var headers: HTTPFields
    /// The body, sent with its length; GET and HEAD take none. POST, PUT and PATCH send
    /// `Content-Length: 0` when it is empty.
    public var body: [UInt8]
    /// How long establishing the connection (TCP and TLS) may take; nil uses the client's default.
    public var connectTimeout: Duration?
    /// How long the whole exchange may take, connecting included; nil uses the client's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: String,
        url: String,
        headers: HTTPFields = [:],
        body: [UInt8] = [],
        connectTimeout: Duration? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Checks what libcurl would otherwise send verbatim: the method must be an HTTP token.
    /// Header names and values need no check: an `HTTPField` cannot hold a name that is not a
    /// token nor a value with a line break or NUL (header injection).
    func validate() throws(TransportError) {
        guard HTTPRequest.Method(method) != nil else {
            throw TransportError(.invalidRequest, "invalid HTTP method \"\(method)\"")
        }
        if (method == "GET" || method == "HEAD") && !body.isEmpty {
            throw TransportError(.invalidRequest, "a \(method) request cannot carry a body")
        }
    }
}
