/// Limits the webhook listener enforces before a delivery reaches the handler.
public struct ListenerOptions: Sendable, Equatable {
    /// The largest body accepted, in bytes; larger ones get 413.
    public var bodyLimit: Int
    /// How long a connection may stay silent (a request head or body that
    /// stops arriving, or an idle keep-alive connection) before it is closed,
    /// and how long a request body may take to arrive in full before the
    /// request gets 408 and its connection is closed.
    public var readTimeout: Duration

    /// Defaults: 1 MiB, 30 seconds.
    public init(bodyLimit: Int = 1 << 20, readTimeout: Duration = .seconds(30)) {
        self.bodyLimit = bodyLimit
        self.readTimeout = readTimeout
    }
}
