import Foundation
import Logging
import PatchBayStore

/// Deletes finished events older than the retention period, and
/// dead-letters updates that waited for an identity longer than allowed, in
/// the background: once at start and then every `period`.
public struct RetentionPruner: PeriodicService {
    private let store: any EventStore
    private let retention: Duration
    private let identityWait: Duration
    public let period: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - retention: how long finished events, their attempts and raw
    ///     deliveries are kept (and so how long their keys deduplicate).
    ///   - identityWait: how long an update may wait for its customer's
    ///     identity before it is dead-lettered as `identity unknown`.
    public init(store: any EventStore, retention: Duration, identityWait: Duration, period: Duration = .seconds(3600), logger: Logger) {
        self.store = store
        self.retention = retention
        self.identityWait = identityWait
        self.period = period
        self.logger = logger
    }

    /// Dead-letters the updates that waited too long for an identity, then
    /// prunes the finished events past retention.
    public func runOnce() async {
        let now = Date()
        do {
            let expired = try await store.expireWaitingUpdates(acceptedBefore: now.addingTimeInterval(-identityWait.inSeconds), now: now)
            if expired > 0 {
                logger.warning(
                    "updates dead-lettered: their identity stayed unknown",
                    metadata: [
                        "updates": "\(expired)", "waited": "\(identityWait)",
                    ])
            }
        } catch {
            logger.error("cannot expire updates waiting for an identity", metadata: ["error": "\(error)"])
        }
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        do {
            let report = try await store.pruneFinished(before: cutoff)
            logger.info("pruned finished events", metadata: ["report": "\(report)"])
        } catch {
            logger.error("cannot prune finished events", metadata: ["error": "\(error)"])
        }
    }
}
