import Logging
import PostgresNIO
import Synchronization

/// A pooled connection for one operation of a ``PostgresStore``, waited for
/// no longer than a limit.
///
/// postgres-nio queues a request for a connection while it cannot open one,
/// for as long as 15 seconds before it gives up (its circuit breaker), and a
/// request made while the pool is merely busy has no limit at all. A provider
/// waiting that long for its answer times out instead of getting the 503 that
/// makes it retry, and `/readyz` would hang instead of saying the store does not
/// answer. So the wait for a connection is bounded here; the operation itself,
/// once it has its connection, is not interrupted.
struct PostgresLease: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The longest wait for a connection.
    let wait: Duration

    /// Runs `body` on a pooled connection; throws ``PostgresFailure/noConnection(waited:)``
    /// when none is free within ``wait``, and every PostgreSQL error as a
    /// ``PostgresFailure`` that prints what went wrong.
    func run<Result: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> Result) async throws -> Result {
        let race = Race()
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask { [client, logger, wait] in
                    try await client.withConnection { connection in
                        guard race.lease() else { throw PostgresFailure.noConnection(waited: wait) }
                        return try await body(PostgresSession(connection: connection, logger: logger))
                    }
                }
                group.addTask { [wait] in
                    try await Task.sleep(for: wait)
                    if race.giveUp() { throw PostgresFailure.noConnection(waited: wait) }
                    return nil
                }
                while let finished = try await group.next() {
                    if let result = finished {
                        group.cancelAll()
                        return result
                    }
                }
                throw CancellationError()
            }
        } catch {
            throw PostgresFailure.readable(error)
        }
    }

    /// Whichever comes first: the connection, or the end of the wait.
    private final class Race: Sendable {
        private enum State { case waiting, leased, gaveUp }
        private let state = Mutex(State.waiting)

        /// The connection came: true unless the wait already ended.
        func lease() -> Bool { settle(as: .leased) }

        /// The wait ended: true unless the connection already came.
        func giveUp() -> Bool { settle(as: .gaveUp) }

        private func settle(as outcome: State) -> Bool {
            state.withLock { state in
                guard state == .waiting else { return false }
                state = outcome
                return true
            }
        }
    }
}
