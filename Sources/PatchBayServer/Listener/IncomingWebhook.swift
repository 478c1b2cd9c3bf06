import Foundation
import HTTPTypes
import Hummingbird

/// One delivery to `POST /hooks/<source>`, its body read in full (within the
/// listener's limit).
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
    /// The request headers.
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

    /// The value of the header `name` (case-insensitive); several values are
    /// joined with ", ".
    public func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// The media type of the body, lower-cased, without parameters
    /// (`application/json` for `Application/JSON; charset=utf-8`).
    public var mediaType: String? {
        headers[.contentType].map {
            $0.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}
