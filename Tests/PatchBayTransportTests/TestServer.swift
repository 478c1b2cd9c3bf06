import Hummingbird
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import ServiceLifecycle
import Synchronization

/// A request context that remembers which client connection (by remote port) a request came on.
struct ConnectionAwareContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remotePort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port
    }
}

/// What a test server observed: the client connections used and the peak of concurrent requests.
final class ServerObservations: Sendable {
    private struct State {
        var remotePorts: Set<Int> = []
        var inFlight = 0
        var peakInFlight = 0
        var arrivals = 0
    }

    private let state = Mutex(State())

    var connectionCount: Int { state.withLock { $0.remotePorts.count } }
    var peakInFlight: Int { state.withLock { $0.peakInFlight } }
    var arrivals: Int { state.withLock { $0.arrivals } }

    /// Records a request for the duration of `handle`.
    func track<T>(_ context: ConnectionAwareContext, _ handle: () async throws -> T) async rethrows -> T {
        state.withLock { state in
            if let port = context.remotePort { state.remotePorts.insert(port) }
            state.arrivals += 1
            state.inFlight += 1
            state.peakInFlight = max(state.peakInFlight, state.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        return try await handle()
    }

    /// Suspends until at least `count` requests have arrived.
    func waitForArrivals(_ count: Int) async throws {
        while arrivals < count { try await Task.sleep(for: .milliseconds(5)) }
    }
}

/// Runs a Hummingbird server with `router` on 127.0.0.1 (ephemeral port) while `body` runs
/// with the base URL, then shuts it down gracefully (so no connection is cut mid-setup).
/// With `tls`, the server speaks HTTPS and offers HTTP/2 and HTTP/1.1 (ALPN).
func withTestServer<T: Sendable>(
    _ router: Router<ConnectionAwareContext>,
    tls: TLSConfiguration? = nil,
    _ body: @Sendable (_ baseURL: String) async throws -> T
) async throws -> T {
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "test-server")
    logger.logLevel = .error
    let app = Application(
        router: router,
        server: try tls.map { try .http2Upgrade(tlsConfiguration: $0) } ?? .http1(),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else {
            group.cancelAll()
            throw TestServerError.didNotStart
        }
        do {
            let result = try await body("\(tls == nil ? "http" : "https")://127.0.0.1:\(port)")
            await services.triggerGracefulShutdown()
            return result
        } catch {
            await services.triggerGracefulShutdown()
            throw error
        }
    }
}

enum TestServerError: Error {
    case didNotStart
}
