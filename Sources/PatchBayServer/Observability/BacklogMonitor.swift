import Foundation
import Logging
import PatchBayStore

/// Keeps the backlog gauges — open updates, the age of the oldest, and
/// updates waiting for an identity —
/// current by asking the store every `period`.
public struct BacklogMonitor: PeriodicService {
    private let store: any EventStore
    private let metrics: BridgeMetrics
    public let period: Duration
    private let logger: Logger

    public init(store: any EventStore, metrics: BridgeMetrics, period: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.period = period
        self.logger = logger
    }

    /// Reads the backlog once and sets the gauges.
    public func runOnce() async {
        do {
            let backlog = try await store.backlog()
            metrics.backlog(
                openUpdates: backlog.openUpdates,
                oldestAge: backlog.oldestOpenAcceptedAt.map { max(0, Date().timeIntervalSince($0)) } ?? 0,
                waitingIdentity: backlog.waitingForIdentity)
        } catch {
            logger.error("cannot read the backlog", metadata: ["error": "\(error)"])
        }
    }
}
