import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension Response {
    /// This response, sent with `Connection: close`, after which the server
    /// closes `channel`: for clients that must not keep the connection (a body
    /// that arrives too slowly). The close is queued on the channel's event
    /// loop behind the response's own writes, so the response goes out first.
    func closingConnection(_ channel: any Channel) -> Response {
        var response = self
        response.headers[.connection] = "close"
        let body = self.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(writer)
            try? await channel.close()
        }
        return response
    }
}

extension Channel {
    /// Ends the connection at once with a TCP reset (SO_LINGER 0), so the peer
    /// sees "connection reset by peer" and no response at all.
    func reset() async {
        if let socket = self as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await close()
    }
}
