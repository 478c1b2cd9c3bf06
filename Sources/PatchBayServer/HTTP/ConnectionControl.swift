import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension Response {
    /// This response, sent with `Connection: close`, after which the server
    /// ends the connection: for clients that must not keep it (a body that
    /// arrives too slowly, or one too large to read).
    ///
    /// The server stops sending at once (a FIN after the response) but goes on
    /// reading, and discarding, what the client still sends for up to
    /// `linger`, then closes. Closing outright while the client is still
    /// sending would answer its next bytes with a reset, and a reset makes the
    /// client's kernel drop the response it has not read yet.
    func closingConnection(_ channel: any Channel, linger: TimeAmount = .seconds(2)) -> Response {
        var response = self
        response.headers[.connection] = "close"
        let body = self.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(writer)
            try? await channel.close(mode: .output)
            channel.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
        }
        return response
    }
}

extension Channel {
    /// Ends the connection at once with a TCP reset (SO_LINGER 0), so the peer
    /// sees "connection reset by peer" and no response at all.
    public func reset() async {
        if let socket = self as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await close()
    }
}
