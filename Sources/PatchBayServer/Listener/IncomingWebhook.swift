import Foundation
import HTTPTypes
import Hummingbird

/// What the listener read of one request to `POST /hooks/<source>`, its body
/// read in full (within the listener's limit): the parts of the ``Delivery``
/// the ingest pipeline builds from it, and what only the listener knows.
///
/// It is not a second delivery type: the URL a provider signed is only known
/// once the pipeline, which holds the configured public base URL, joins it to
/// the path and query read here, so the pipeline builds the one ``Delivery``
/// and everything after it (verification, mapping, the store) reads that.
/// The source and the peer's address belong to the route and the connection,
/// not to the request, and stay here beside it.
public struct IncomingWebhook: Sendable {
    /// The source, from the URL.
    public var source: String
    /// The HTTP method.
    public var method: String
    /// The path as received, percent-encoding intact (`/hooks/stripe`): what a
    /// provider signs when it signs the URL.
    public var path: String
    /// The query string as received, without the `?`; `nil` when the URL has none.
    public var query: String?
    /// The host (and port) the client called, from HTTP/1.1's `Host` header —
    /// which the HTTP layer moves out of ``headers`` — or HTTP/2's `:authority`.
    public var authority: String?
    /// The request headers, as the HTTP layer gave them.
    public var headers: HTTPFields
    /// The peer's IP address.
    public var remoteAddress: String?
    /// The raw body.
    public var body: [UInt8]
    /// When the body had been read.
    public var receivedAt: Date

    public init(
        source: String, method: String, path: String, query: String?, authority: String?, headers: HTTPFields,
        remoteAddress: String?, body: [UInt8], receivedAt: Date
    ) {
        self.source = source
        self.method = method
        self.path = path
        self.query = query
        self.authority = authority
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.body = body
        self.receivedAt = receivedAt
    }
}
