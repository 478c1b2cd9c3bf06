import Hummingbird
import Logging

/// The admin listener: ``AdminAPI`` on its own address (by default
/// 127.0.0.1:9090), apart from the webhook listener so it can stay off the
/// public network.
public struct AdminListener: Sendable {
    public let api: AdminAPI

    public init(api: AdminAPI) {
        self.api = api
    }

    /// The listener as a Hummingbird application on `host`:`port` (0 picks a
    /// free port, reported to `onServerRunning`).
    public func application(
        host: String, port: Int, logger: Logger = Logger(label: "patchbay.admin"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "patchbay-admin"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
