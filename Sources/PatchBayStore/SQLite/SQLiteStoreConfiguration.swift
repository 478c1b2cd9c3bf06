import Foundation

/// Settings of a ``SQLiteStore``.
public struct SQLiteStoreConfiguration: Sendable {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// `PRAGMA synchronous = NORMAL` (default). In WAL mode a commit is
        /// written to the log without waiting for the disk; the log is synced at
        /// checkpoints. Nothing is lost or corrupted when the process crashes
        /// (`kill -9`); a power loss or OS crash may lose the last commits.
        case normal
        /// `PRAGMA synchronous = FULL`: every commit (one per group-commit batch)
        /// waits for the WAL to reach the disk, so a power loss loses nothing
        /// that was acknowledged. Slower.
        case full
    }

    /// See ``Durability``.
    public var durability: Durability = .normal
    /// Identifies this process in leases and attempts.
    public var instanceId: String = UUID().uuidString
    /// How long a claim stays exclusive; must exceed the longest attempt.
    public var leaseDuration: TimeInterval = 300
    /// The most updates one claimed ``CustomerWork`` carries.
    public var mergeLimit: Int = 100
    /// The most deliveries written in one group-commit transaction.
    public var maximumGroupCommit: Int = 512
    /// The longest response-body prefix kept per attempt, in UTF-8 bytes.
    public var responseBodyLimit: Int = 4096
    /// The most events handled per maintenance transaction (retention, replay of all dead events),
    /// so ingest never waits long behind them.
    public var maintenanceBatchSize: Int = 500
    /// Called after each group-commit transaction with the number of deliveries it carried (for metrics).
    public var onGroupCommit: (@Sendable (Int) -> Void)?

    public init() {}
}
