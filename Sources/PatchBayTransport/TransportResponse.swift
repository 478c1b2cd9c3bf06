import HTTPTypes

/// A complete HTTP response received by `CurlClient.send(_:)`.
public struct TransportResponse: Sendable {
    /// The status code of the final response (interim 1xx responses are skipped).
    public var status: Int
    /// The header fields of the final response, in the order received.
    public var headers: HTTPFields
    /// The body, at most `CurlClientConfiguration.maxResponseBodySize` bytes.
    public var body: [UInt8]
    /// The HTTP version used: `1.0`, `1.1`, `2` or `3`.
    public var httpVersion: String

    /// Creates a response.
    public init(status: Int, headers: HTTPFields, body: [UInt8], httpVersion: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
    }
}
