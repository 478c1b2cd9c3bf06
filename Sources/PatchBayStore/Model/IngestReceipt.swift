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

    public init(deliveryId: DeliveryID?, events: [EventReceipt]) {
        self.deliveryId = deliveryId
        self.events = events
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
