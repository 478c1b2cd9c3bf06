import PatchBayCore

/// Row identifiers. They are positive and unique per table and store.
public typealias DeliveryID = Int64
/// See ``DeliveryID``.
public typealias EventID = Int64
/// See ``DeliveryID``.
public typealias UpdateID = Int64

/// What ``PatchBayStore/ingest(_:)`` did with a delivery, once it is durable.
public struct IngestReceipt: Sendable, Hashable {
    /// The stored delivery, or `nil` when no event in it was new (nothing was stored).
    public var deliveryId: DeliveryID?
    /// One entry per event of the delivery, in order.
    public var events: [EventReceipt]
    /// What the updates found by identity lookup came to.
    public var lookups: LookupCounts

    public init(deliveryId: DeliveryID?, events: [EventReceipt], lookups: LookupCounts = LookupCounts()) {
        self.deliveryId = deliveryId
        self.events = events
        self.lookups = lookups
    }

    /// The number of events logged by this call.
    public var acceptedCount: Int { events.count { !$0.isDuplicate } }
    /// The number of events that were already logged.
    public var duplicateCount: Int { events.count { $0.isDuplicate } }
    /// Whether the delivery had events and every one was a duplicate.
    public var isDuplicate: Bool { !events.isEmpty && acceptedCount == 0 }
}

/// What happened to one event at ingest.
public enum EventReceipt: Sendable, Hashable {
    /// Logged now, with this id.
    case accepted(EventID)
    /// Its (source, idempotency key) was already logged as this event; nothing new was stored.
    case duplicate(of: EventID)

    /// Whether the event was a duplicate.
    public var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }

    /// The id of the logged event (new or earlier).
    public var eventId: EventID {
        switch self {
        case .accepted(let id), .duplicate(of: let id): id
        }
    }
}

/// How many updates found by identity lookup went each way.
public struct LookupCounts: Sendable, Hashable {
    /// Sent to the customer(s) the index named (one per customer).
    public var resolved = 0
    /// Logged as ``UpdateStatus/waitingIdentity``.
    public var waiting = 0
    /// Dropped by `"whenUnresolved": "ignore"`.
    public var ignored = 0

    public init() {}

    /// All lookups counted.
    public var total: Int { resolved + waiting + ignored }

    /// The status of a new event (logged as pending) whose lookups came to
    /// these counts, when it is not pending: an event with no update to send
    /// waits while one of its lookups does, and is ignored when every lookup
    /// ignored its unknown address, as when no rule matched.
    func eventStatus(withDirectUpdates: Bool) -> EventStatus? {
        guard !withDirectUpdates, resolved == 0, total > 0 else { return nil }
        return waiting > 0 ? .waitingIdentity : .ignored
    }

    mutating func count(_ resolution: LookupResolution) {
        switch resolution {
        case .customers(let ids): resolved += ids.count
        case .waitForAny, .waitForOne: waiting += 1
        case .ignored: ignored += 1
        }
    }

    static func += (counts: inout LookupCounts, other: LookupCounts) {
        counts.resolved += other.resolved
        counts.waiting += other.waiting
        counts.ignored += other.ignored
    }
}
