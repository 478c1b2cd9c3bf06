import Foundation
import GRDB

/// Read-only queries for the CLI, the admin API and metrics.
enum SQLiteQueries {
    /// When the oldest open update was accepted: one step in the partial index, whatever the backlog.
    static let oldestOpenSQL = """
        SELECT accepted_at FROM customer_update INDEXED BY update_open_age
        WHERE \(SQLiteSchema.openUpdate) ORDER BY accepted_at LIMIT 1
        """

    static func statusCounts(_ db: Database) throws -> StatusCounts {
        func counts<Status: RawRepresentable<String> & Hashable>(
            _ table: String, _ type: Status.Type
        ) throws
            -> [Status: Int]
        {
            let rows = try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM \(table) GROUP BY status")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try StoreCodec.enumValue($0["status"], as: type), $0["n"]) })
        }
        return StatusCounts(events: try counts("event", EventStatus.self), updates: try counts("customer_update", UpdateStatus.self))
    }

    /// Open and waiting updates, each counted in its partial index.
    static func backlog(_ db: Database) throws -> Backlog {
        let open = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM customer_update INDEXED BY update_open_age WHERE \(SQLiteSchema.openUpdate)")
        let waiting = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM customer_update INDEXED BY update_waiting WHERE status = 'waiting_identity'")
        return Backlog(
            openUpdates: open ?? 0, waitingForIdentity: waiting ?? 0,
            oldestOpenAcceptedAt: StoreCodec.date(try Int64.fetchOne(db, sql: oldestOpenSQL)))
    }

    static func nextDueTime(_ db: Database) throws -> Date? {
        StoreCodec.date(try Int64.fetchOne(db, sql: "SELECT min(ready_at) FROM customer_queue"))
    }

    static func events(_ db: Database, matching query: EventQuery) throws -> EventPage {
        guard query.limit >= 1 else { throw EventStoreError.invalidArgument("the page size must be at least 1") }
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ values: (any DatabaseValueConvertible)?...) {
            conditions.append(condition)
            arguments += StatementArguments(values)
        }
        if let status = query.status { add("status = ?", status.rawValue) }
        if let source = query.source { add("source = ?", source) }
        if let externalId = query.externalId {
            if let tenant = query.tenant {
                add("id IN (SELECT event_id FROM customer_update WHERE external_id = ? AND tenant = ?)", externalId, tenant)
            } else {
                add("id IN (SELECT event_id FROM customer_update WHERE external_id = ?)", externalId)
            }
        }
        if let from = query.receivedFrom { add("received_at >= ?", try StoreCodec.millis(from)) }
        if let before = query.receivedBefore { add("received_at < ?", try StoreCodec.millis(before)) }
        if let cursor = query.cursor { add("id < ?", cursor) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit + 1]
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(StoreCodec.eventColumns) FROM event \(filter) ORDER BY id DESC LIMIT ?",
            arguments: arguments)
        let events = try rows.prefix(query.limit).map(SQLiteCodec.event)
        return EventPage(events: events, nextCursor: rows.count > query.limit ? events.last?.id : nil)
    }

    static func event(_ db: Database, id: EventID) throws -> EventRecord? {
        try Row.fetchOne(db, sql: "SELECT \(StoreCodec.eventColumns) FROM event WHERE id = ?", arguments: [id])
            .map(SQLiteCodec.event)
    }

    static func delivery(_ db: Database, id: DeliveryID) throws -> DeliveryRecord {
        let row = try Row.fetchOne(
            db, sql: "SELECT id, source, received_at, headers, body FROM delivery WHERE id = ?", arguments: [id])
        guard let row else { throw EventStoreError.corruptRecord("delivery \(id) is missing") }
        return try SQLiteCodec.delivery(row)
    }

    static func eventDetail(_ db: Database, id: EventID) throws -> EventDetail? {
        guard let event = try event(db, id: id) else { return nil }
        let updates = try Row.fetchAll(
            db, sql: "SELECT \(StoreCodec.updateColumns) FROM customer_update WHERE event_id = ? ORDER BY sequence",
            arguments: [id]
        ).map(SQLiteCodec.update)
        let attemptRows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, owner, started_at, finished_at, http_status, error, response_body, outcome, upstream FROM attempt
                WHERE id IN (SELECT attempt_id FROM attempt_update
                    WHERE update_id IN (SELECT id FROM customer_update WHERE event_id = ?))
                ORDER BY id
                """,
            arguments: [id])
        let attempts = try attemptRows.map { row in
            AttemptRecord(
                id: row["id"],
                updateIds: try Int64.fetchAll(
                    db, sql: "SELECT update_id FROM attempt_update WHERE attempt_id = ? ORDER BY update_id",
                    arguments: [row["id"] as Int64]),
                owner: row["owner"], startedAt: StoreCodec.date(row["started_at"] as Int64),
                finishedAt: StoreCodec.date(row["finished_at"] as Int64), httpStatus: row["http_status"],
                error: row["error"], responseBody: row["response_body"],
                outcome: try StoreCodec.enumValue(row["outcome"], as: AttemptOutcome.self), upstream: row["upstream"])
        }
        return EventDetail(event: event, delivery: try delivery(db, id: event.deliveryId), updates: updates, attempts: attempts)
    }
}
