import Foundation
import PatchBayCore

/// Settings every store implementation shares: leases, merging, group commit
/// and maintenance batch sizes.
public struct StoreSettings: Sendable {
    /// Identifies this process in leases and attempts. With a shared store,
    /// give each instance its own id that stays the same across restarts, so
    /// ``PatchBayStore/recoverInFlight()`` at start-up releases exactly the
    /// leases the instance's previous run left behind.
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
    /// The key the identity index hashes addresses with (see
    /// ``IdentityKeyFile``). Opening a store whose index was made with
    /// another key fails; without a key, identities cannot be used.
    public var identityKey: IdentityKey?
    /// Called after each group-commit transaction with the number of deliveries it carried (for metrics).
    public var onGroupCommit: (@Sendable (Int) -> Void)?

    public init() {}

    /// Throws ``EventStoreError/invalidArgument(_:)`` naming the first setting out of range.
    func validate() throws {
        let problems: [(Bool, String)] = [
            (!(leaseDuration > 0), "the lease duration must be positive"),
            (mergeLimit < 1, "the merge limit must be at least 1"),
            (responseBodyLimit < 0, "the response body limit must not be negative"),
            (maintenanceBatchSize < 1, "the maintenance batch size must be at least 1"),
        ]
        if let problem = problems.first(where: \.0) { throw EventStoreError.invalidArgument(problem.1) }
        try StoredText.check(instanceId, "the instance id")
    }
}
