import Foundation
import Logging
import PatchBayStore
import ServiceLifecycle

/// Deletes finished events older than the retention period, in the
/// background: once at start and then every `interval`.
public struct RetentionPruner: Service {
    private let store: any PatchBayStore
    private let retention: Duration
    private let interval: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - retention: how long finished events, their attempts and raw
    ///     deliveries are kept (and so how long their keys deduplicate).
    public init(store: any PatchBayStore, retention: Duration, interval: Duration = .seconds(3600), logger: Logger) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { try await pruneForever() }
    }

    private func pruneForever() async throws {
        while !Task.isCancelled {
            let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
            do {
                let report = try await store.pruneFinished(before: cutoff)
                logger.info("pruned finished events", metadata: ["report": "\(report)"])
            } catch {
                logger.error("cannot prune finished events", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: interval)
        }
    }
}
