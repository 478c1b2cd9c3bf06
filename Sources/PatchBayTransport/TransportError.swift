/// Why `CurlClient.send(_:)` got no HTTP response. (An HTTP error status is a response, not a
/// `TransportError`.) Cancellation of the calling task throws `CancellationError` instead.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for deciding what to do next.
    public enum Kind: String, Sendable, Equatable {
        /// The host could not be resolved or refused the connection.
        case connectFailed = "connect failed"
        /// The connect timeout or the total timeout passed.
        case timedOut = "timed out"
        /// The connection was reset or closed before the response was complete.
        case connectionReset = "connection reset"
        /// The TLS handshake or the certificate verification failed.
        case tls = "TLS failure"
        /// The response body was larger than the configured maximum.
        case responseTooLarge = "response too large"
        /// The request itself is unusable (bad method, header, URL or scheme); retrying cannot help.
        case invalidRequest = "invalid request"
        /// A `CurlClientConfiguration` value is out of range.
        case invalidConfiguration = "invalid configuration"
        /// The client was shut down before the request completed.
        case shutDown = "client shut down"
        /// Any other failure reported by libcurl.
        case other = "transport failure"
    }

    /// The class of failure.
    public let kind: Kind
    /// What happened, in libcurl's words where it reported the failure.
    public let message: String
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public let curlCode: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
    }

    /// Whether sending the same request again may succeed: everything but an invalid request
    /// or configuration.
    public var isRetryable: Bool { kind != .invalidRequest && kind != .invalidConfiguration }

    public var description: String { "\(kind.rawValue): \(message)" }
}
