import Foundation
import HTTPTypes

/// One delivery: an incoming webhook request as its provider sent it, before
/// anything is parsed: the one type verification and mapping read. The store
/// keeps its headers, body and time (`IngestDelivery` in PatchBayStore, typed
/// the same way).
///
/// The ingest pipeline builds it once from what the listener read; nothing
/// along the way decodes or normalizes it, so a signature is checked on
/// exactly these bytes and strings. What only the listener knows (the source
/// named by the route, the peer's address) travels beside it, not in it:
/// a delivery read from a file (`patchbay map`) or a mapping's embedded test
/// has neither.
public struct Delivery: Sendable {
    /// The HTTP method, upper case, e.g. `POST`.
    public var method: String
    /// The URL as the provider called it: `scheme://host[:port]/path[?query]`.
    ///
    /// Behind a proxy this is what the HTTP layer could reconstruct; schemes
    /// that sign the URL also accept a configured public URL (see
    /// ``PublicURL``). Empty for a delivery that did not come over HTTP.
    public var url: String
    /// The request headers in the order received, names as sent, values
    /// unaltered; a name may repeat.
    public var headers: HTTPFields
    /// The raw body.
    public var body: [UInt8]
    /// When the body had been read; new updates are due at this time.
    public var receivedAt: Date

    /// A delivery; the defaults describe one that did not come over HTTP (a
    /// mapping's embedded test, `patchbay map`): a `POST` to no URL, received now.
    public init(method: String = "POST", url: String = "", headers: HTTPFields, body: [UInt8], receivedAt: Date = Date()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The first value of the header `name`, compared case-insensitively:
    /// what a mapping reads.
    public func header(_ name: String) -> String? {
        headers.values(name).first
    }

    /// The `Content-Type` header.
    public var contentType: String? { headers[values: .contentType].first }
}
