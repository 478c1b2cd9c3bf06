import Foundation
import PostgresNIO

/// Reads store records from PostgreSQL rows (columns as in ``StoreCodec/eventColumns`` and ``StoreCodec/updateColumns``).
enum PostgresRows {
    static func event(_ row: PostgresRandomAccessRow) throws -> EventRecord {
        EventRecord(
            id: try row.get("id"), deliveryId: try row.get("delivery_id"), source: try row.get("source"),
            idempotencyKey: try row.get("idempotency_key"), index: try row.get("event_index"),
            eventTime: StoreCodec.date(try row.get("event_time", as: Int64?.self)),
            receivedAt: StoreCodec.date(try row.get("received_at", as: Int64.self)),
            status: try StoreCodec.enumValue(try row.get("status"), as: EventStatus.self), error: try row.get("error"),
            finishedAt: StoreCodec.date(try row.get("finished_at", as: Int64?.self)))
    }

    static func delivery(_ row: PostgresRandomAccessRow) throws -> DeliveryRecord {
        DeliveryRecord(
            id: try row.get("id"), source: try row.get("source"),
            receivedAt: StoreCodec.date(try row.get("received_at", as: Int64.self)),
            headers: try StoreCodec.headers(try row.get("headers")), body: [UInt8](try row.get("body", as: Data.self)))
    }

    static func update(_ row: PostgresRandomAccessRow) throws -> UpdateRecord {
        UpdateRecord(
            id: try row.get("id"), eventId: try row.get("event_id"),
            customer: CustomerKey(tenant: try row.get("tenant"), externalId: try row.get("external_id")),
            sequence: try row.get("sequence"), data: try StoreCodec.object(try row.get("data")),
            allowExtraFields: try row.get("allow_extra_fields"),
            eventTime: StoreCodec.date(try row.get("event_time", as: Int64?.self)),
            acceptedAt: StoreCodec.date(try row.get("accepted_at", as: Int64.self)),
            status: try StoreCodec.enumValue(try row.get("status"), as: UpdateStatus.self), attempts: try row.get("attempts"),
            nextAttemptAt: StoreCodec.date(try row.get("next_attempt_at", as: Int64.self)),
            lastError: try row.get("last_error"), lastHTTPStatus: try row.get("last_http_status"),
            lastResponseBody: try row.get("last_response"))
    }

    static func attempt(_ row: PostgresRandomAccessRow) throws -> AttemptRecord {
        AttemptRecord(
            id: try row.get("id"), updateIds: try row.get("update_ids", as: [Int64]?.self) ?? [], owner: try row.get("owner"),
            startedAt: StoreCodec.date(try row.get("started_at", as: Int64.self)),
            finishedAt: StoreCodec.date(try row.get("finished_at", as: Int64.self)), httpStatus: try row.get("http_status"),
            error: try row.get("error"), responseBody: try row.get("response_body"),
            outcome: try StoreCodec.enumValue(try row.get("outcome"), as: AttemptOutcome.self), upstream: try row.get("upstream"))
    }
}
