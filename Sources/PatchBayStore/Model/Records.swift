import Foundation
import HTTPTypes
import PatchBayCore

/// A stored delivery: what the provider sent.
public struct DeliveryRecord: Sendable, Hashable {
    public var id: DeliveryID
    public var source: String
    public var receivedAt: Date
    /// The request headers, secret-bearing ones removed before ingest.
    public var headers: HTTPFields
    /// The raw body, for re-mapping.
    public var body: [UInt8]

    public init(id: DeliveryID, source: String, receivedAt: Date, headers: HTTPFields, body: [UInt8]) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.headers = headers
        self.body = body
    }
}

/// A logged event.
public struct EventRecord: Sendable, Hashable {
    public var id: EventID
    public var deliveryId: DeliveryID
    public var source: String
    public var idempotencyKey: String
    /// Position of the event within its delivery, from 0.
    public var index: Int
    public var eventTime: Date?
    public var receivedAt: Date
    public var status: EventStatus
    /// The mapping error of a ``EventStatus/failedMapping`` event, or the
    /// fields left out of another event's updates (their values were invalid).
    public var error: String?
    /// When the event last became finished (not pending); retention counts from here.
    public var finishedAt: Date?

    public init(
        id: EventID, deliveryId: DeliveryID, source: String, idempotencyKey: String, index: Int,
        eventTime: Date?, receivedAt: Date, status: EventStatus, error: String?, finishedAt: Date?
    ) {
        self.id = id
        self.deliveryId = deliveryId
        self.source = source
        self.idempotencyKey = idempotencyKey
        self.index = index
        self.eventTime = eventTime
        self.receivedAt = receivedAt
        self.status = status
        self.error = error
        self.finishedAt = finishedAt
    }
}

/// A stored customer update.
public struct UpdateRecord: Sendable, Hashable {
    public var id: UpdateID
    public var eventId: EventID
    public var customer: CustomerKey
    /// Acceptance sequence; defines the order per customer.
    public var sequence: Int64
    public var data: JSONObject
    public var allowExtraFields: Bool
    public var eventTime: Date?
    public var acceptedAt: Date
    public var status: UpdateStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var lastHTTPStatus: Int?
    public var lastResponseBody: String?

    public init(
        id: UpdateID, eventId: EventID, customer: CustomerKey, sequence: Int64, data: JSONObject,
        allowExtraFields: Bool, eventTime: Date?, acceptedAt: Date, status: UpdateStatus, attempts: Int,
        nextAttemptAt: Date, lastError: String?, lastHTTPStatus: Int?, lastResponseBody: String?
    ) {
        self.id = id
        self.eventId = eventId
        self.customer = customer
        self.sequence = sequence
        self.data = data
        self.allowExtraFields = allowExtraFields
        self.eventTime = eventTime
        self.acceptedAt = acceptedAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.lastHTTPStatus = lastHTTPStatus
        self.lastResponseBody = lastResponseBody
    }
}

/// One logged delivery attempt (one PATCH, possibly carrying several updates).
public struct AttemptRecord: Sendable, Hashable {
    public var id: Int64
    /// The updates the attempt carried, ascending by id.
    public var updateIds: [UpdateID]
    /// The lease owner (store instance) that made it.
    public var owner: String
    public var startedAt: Date
    public var finishedAt: Date
    public var httpStatus: Int?
    public var error: String?
    /// A bounded prefix of the response body.
    public var responseBody: String?
    public var outcome: AttemptOutcome
    /// The upstream base URL the PATCH went to; `nil` when nothing was sent.
    public var upstream: String?

    public init(
        id: Int64, updateIds: [UpdateID], owner: String, startedAt: Date, finishedAt: Date, httpStatus: Int?,
        error: String?, responseBody: String?, outcome: AttemptOutcome, upstream: String? = nil
    ) {
        self.upstream = upstream
        self.id = id
        self.updateIds = updateIds
        self.owner = owner
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.httpStatus = httpStatus
        self.error = error
        self.responseBody = responseBody
        self.outcome = outcome
    }
}

/// Everything logged about one event.
public struct EventDetail: Sendable, Hashable {
    public var event: EventRecord
    public var delivery: DeliveryRecord
    /// Its updates in acceptance order.
    public var updates: [UpdateRecord]
    /// Every attempt that carried one of its updates, oldest first.
    public var attempts: [AttemptRecord]

    public init(event: EventRecord, delivery: DeliveryRecord, updates: [UpdateRecord], attempts: [AttemptRecord]) {
        self.event = event
        self.delivery = delivery
        self.updates = updates
        self.attempts = attempts
    }
}
