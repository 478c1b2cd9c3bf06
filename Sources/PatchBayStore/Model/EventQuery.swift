import Foundation

/// Filters for ``PatchBayStore/events(matching:)``. Results are newest first.
public struct EventQuery: Sendable, Hashable {
    public var status: EventStatus?
    public var source: String?
    /// Events with at least one update for this external id…
    public var externalId: String?
    /// …in this tenant (only used with ``externalId``).
    public var tenant: String?
    /// Received at or after this time.
    public var receivedFrom: Date?
    /// Received before this time.
    public var receivedBefore: Date?
    /// The page size, 1 or more.
    public var limit: Int
    /// ``EventPage/nextCursor`` of the previous page, to continue after it.
    public var cursor: EventID?

    public init(
        status: EventStatus? = nil, source: String? = nil, externalId: String? = nil, tenant: String? = nil,
        receivedFrom: Date? = nil, receivedBefore: Date? = nil, limit: Int = 50, cursor: EventID? = nil
    ) {
        self.status = status
        self.source = source
        self.externalId = externalId
        self.tenant = tenant
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of events.
public struct EventPage: Sendable, Hashable {
    public var events: [EventRecord]
    /// Pass as ``EventQuery/cursor`` for the next page; `nil` on the last page.
    public var nextCursor: EventID?

    public init(events: [EventRecord], nextCursor: EventID?) {
        self.events = events
        self.nextCursor = nextCursor
    }
}
