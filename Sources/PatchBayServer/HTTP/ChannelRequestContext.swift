import Hummingbird
import NIOCore

/// The request context of PatchBay's HTTP servers: Hummingbird's core context
/// plus the connection the request came in on, so a handler can learn the peer
/// address or end the connection (a slow client, an injected fault).
public struct ChannelRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The peer's IP address, when the connection has one.
    public var remoteAddress: String? { channel.remoteAddress?.ipAddress }
}
