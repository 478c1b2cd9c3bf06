import ServiceLifecycle

/// A background service that does one piece of work at start and then again
/// every ``period``, until graceful shutdown (or cancellation) stops it
/// between two runs. A run's own failures are the conforming type's to
/// report: one failed run must not stop the next.
public protocol PeriodicService: Service {
    /// The time between the end of one run and the start of the next.
    var period: Duration { get }

    /// Does the work once.
    func runOnce() async
}

extension PeriodicService {
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                try await Task.sleep(for: period)
            }
        }
    }
}
