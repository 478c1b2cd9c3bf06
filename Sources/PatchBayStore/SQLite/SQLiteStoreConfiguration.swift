import Foundation

/// Settings of a ``SQLiteStore``: the shared ``StoreSettings`` (readable and
/// writable directly, e.g. `configuration.leaseDuration`) and the durability.
@dynamicMemberLookup
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
    /// Leases, merging, group commit, maintenance.
    public var settings = StoreSettings()

    public init() {}

    /// A store setting, e.g. `configuration.instanceId`.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<StoreSettings, Value>) -> Value {
        get { settings[keyPath: keyPath] }
        set { settings[keyPath: keyPath] = newValue }
    }
}
