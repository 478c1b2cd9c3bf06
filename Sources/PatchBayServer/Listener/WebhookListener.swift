import Hummingbird
import Logging
import NIOCore
import PatchBayCore
import ServiceLifecycle

/// The HTTP server that receives webhooks:
/// - `POST /hooks/<source>`: a delivery, handed to the ``WebhookHandler``
///   unless the listener refuses it first (see ``HookRoutes``);
/// - `GET /hooks/<source>`: 200 for sources that answer URL checks;
/// - `GET /healthz`: 200 while the process is up;
/// - `GET /readyz`: 200 when the ``ReadinessProbe`` finds no problem (listing
///   its warnings, if any), else 503 listing the problems.
public struct WebhookListener: Sendable {
    public let handler: any WebhookHandler
    public let readiness: any ReadinessProbe
    public let options: ListenerOptions

    public init(handler: any WebhookHandler, readiness: any ReadinessProbe, options: ListenerOptions = ListenerOptions()) {
        self.handler = handler
        self.readiness = readiness
        self.options = options
    }

    /// The listener's routes.
    public func router() -> Router<ChannelRequestContext> {
        let router = Router(context: ChannelRequestContext.self)
        router.add(middleware: HookRoutes(handler: handler, options: options))
        router.get("/healthz") { _, _ in Response.json(["status": "up"], status: .ok) }
        router.get("/readyz") { [readiness] _, _ in
            let state = await readiness.readiness()
            var body = JSONObject([(key: "status", value: .string(state.isReady ? "ready" : "not ready"))])
            if !state.isReady { body["problems"] = .array(state.problems.map(JSONValue.string)) }
            if !state.warnings.isEmpty { body["warnings"] = .array(state.warnings.map(JSONValue.string)) }
            return Response.json(.object(body), status: state.isReady ? .ok : .serviceUnavailable)
        }
        return router
    }

    /// The listener as a Hummingbird application on `host`:`port` (0 picks a
    /// free port, reported to `onServerRunning`), closing connections silent
    /// for longer than ``ListenerOptions/readTimeout``. `services` run beside
    /// the server in the application's service group.
    public func application(
        host: String,
        port: Int,
        services: [any Service] = [],
        logger: Logger = Logger(label: "patchbay.listener"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: TimeAmount(options.readTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "patchbay"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
