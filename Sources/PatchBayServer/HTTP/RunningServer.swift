import Hummingbird
import ServiceLifecycle
import Synchronization

/// A Hummingbird application running inside this process, started by
/// ``start(_:)`` and ended by ``stop()``.
public final class RunningServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Runs the application `build` makes — it must report its bound port to
    /// the closure it is given — and returns once the server listens.
    ///
    /// - Throws: the error that ended the application before it listened
    ///   (an address in use, say).
    public static func start<App: ApplicationProtocol>(
        _ build: (@escaping @Sendable (Int) async -> Void) -> App
    ) async throws -> RunningServer {
        let startup = StartupSignal()
        let app = build { port in startup.resolve(.success(port)) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        let task = Task {
            do {
                try await group.run()
                startup.resolve(.failure(ServerEndedBeforeListening()))
            } catch {
                startup.resolve(.failure(error))
                throw error
            }
        }
        let port = try await startup.value()
        return RunningServer(port: port, group: group, task: task)
    }

    /// Shuts the server down gracefully and waits until it has stopped.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

/// The server stopped before it started listening.
struct ServerEndedBeforeListening: Error, CustomStringConvertible {
    var description: String { "the server stopped before it started listening" }
}

/// A one-shot result that one task sets and another awaits.
private final class StartupSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case resolved(Result<Int, any Error>)
    }

    private let state = Mutex(State.waiting([]))

    /// Sets the result, once; later calls are ignored.
    func resolve(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .resolved(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// The result, once set.
    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<Int, any Error>? in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .resolved(let result):
                    return result
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }
}
