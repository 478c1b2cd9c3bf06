/// Which events ``PatchBayStore/replay(_:now:)`` re-queues.
public enum ReplaySelection: Sendable, Hashable {
    /// These events.
    case events([EventID])
    /// Every dead event, or those of one source.
    case dead(source: String?)
}

/// What ``PatchBayStore/replay(_:now:)`` did.
public struct ReplayReport: Sendable, Hashable {
    /// Events whose updates were re-queued.
    public var replayedEvents: Int
    /// Updates re-queued (as pending, at the end of their customers' queues).
    public var requeuedUpdates: Int
    /// Requested ids that are not logged (never, or pruned).
    public var notFound: [EventID]
    /// Requested events left alone because they still have pending or in-flight updates.
    public var notFinished: [EventID]
    /// Requested events that have no update (ignored or failed mapping): re-map them instead.
    public var withoutUpdates: [EventID]

    public init(
        replayedEvents: Int = 0, requeuedUpdates: Int = 0, notFound: [EventID] = [], notFinished: [EventID] = [],
        withoutUpdates: [EventID] = []
    ) {
        self.replayedEvents = replayedEvents
        self.requeuedUpdates = requeuedUpdates
        self.notFound = notFound
        self.notFinished = notFinished
        self.withoutUpdates = withoutUpdates
    }
}
