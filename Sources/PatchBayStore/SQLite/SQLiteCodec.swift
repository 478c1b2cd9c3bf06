import Foundation
import GRDB

/// Reads store records from SQLite rows (columns as in ``StoreCodec/eventColumns`` and ``StoreCodec/updateColumns``).
enum SQLiteCodec {
    static func event(_ row: Row) throws -> EventRecord {
        EventRecord(
            id: row["id"], deliveryId: row["delivery_id"], source: row["source"],
            idempotencyKey: row["idempotency_key"], index: row["event_index"],
            eventTime: StoreCodec.date(row["event_time"] as Int64?), receivedAt: StoreCodec.date(row["received_at"] as Int64),
            status: try StoreCodec.enumValue(row["status"], as: EventStatus.self), error: row["error"],
            finishedAt: StoreCodec.date(row["finished_at"] as Int64?))
    }

    static func delivery(_ row: Row) throws -> DeliveryRecord {
        let body: Data = row["body"]
        return DeliveryRecord(
            id: row["id"], source: row["source"], receivedAt: StoreCodec.date(row["received_at"] as Int64),
            headers: try StoreCodec.headers(row["headers"]), body: [UInt8](body))
    }

    static func update(_ row: Row) throws -> UpdateRecord {
        UpdateRecord(
            id: row["id"], eventId: row["event_id"],
            customer: CustomerKey(tenant: row["tenant"], externalId: row["external_id"]),
            sequence: row["sequence"], data: try StoreCodec.object(row["data"]), allowExtraFields: row["allow_extra_fields"],
            eventTime: StoreCodec.date(row["event_time"] as Int64?), acceptedAt: StoreCodec.date(row["accepted_at"] as Int64),
            status: try StoreCodec.enumValue(row["status"], as: UpdateStatus.self), attempts: row["attempts"],
            nextAttemptAt: StoreCodec.date(row["next_attempt_at"] as Int64), lastError: row["last_error"],
            lastHTTPStatus: row["last_http_status"], lastResponseBody: row["last_response"])
    }
}
