import Foundation

/// The work still ahead of the dispatcher, read from the open and waiting
/// updates only, so reading it costs the same whatever history the store holds.
public struct Backlog: Sendable, Hashable {
    /// Updates pending or in flight.
    public var openUpdates: Int
    /// Updates waiting for an identity to be learned.
    public var waitingForIdentity: Int
    /// When the oldest open update was accepted, if any is open.
    public var oldestOpenAcceptedAt: Date?

    public init(openUpdates: Int, waitingForIdentity: Int, oldestOpenAcceptedAt: Date?) {
        self.openUpdates = openUpdates
        self.waitingForIdentity = waitingForIdentity
        self.oldestOpenAcceptedAt = oldestOpenAcceptedAt
    }
}
