import Synchronization

/// The sources whose delivery an operator paused (`POST
/// /api/sources/{source}/pause`). Their deliveries are still accepted and
/// logged; the dispatcher only holds their updates back (see
/// ``PatchBayStore/claimNext(limit:now:pause:)``), keeping each customer's
/// order. Kept in memory: a restart resumes every source.
public final class PausedSources: Sendable {
    private let sources = Mutex<Set<String>>([])

    public init() {}

    /// The paused sources now.
    public var current: Set<String> { sources.withLock { $0 } }

    /// Pauses `source`; returns whether it was running.
    @discardableResult
    public func pause(_ source: String) -> Bool {
        sources.withLock { $0.insert(source).inserted }
    }

    /// Resumes `source`; returns whether it was paused.
    @discardableResult
    public func resume(_ source: String) -> Bool {
        sources.withLock { $0.remove(source) != nil }
    }
}
