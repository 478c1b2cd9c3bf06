import Foundation
import PostgresNIO

/// Read-only queries for the CLI, the admin API and metrics.
enum PostgresQueries {
    static func statusCounts(_ session: PostgresSession) async throws -> StatusCounts {
        func counts<Status: RawRepresentable<String> & Hashable>(
            _ table: String, _ type: Status.Type
        ) async throws
            -> [Status: Int]
        {
            let rows = try await session.rows("SELECT status, count(*) AS n FROM \(unescaped: table) GROUP BY status")
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (try StoreCodec.enumValue(try $0.get("status"), as: type), try $0.get("n", as: Int.self))
                })
        }
        return StatusCounts(
            events: try await counts("event", EventStatus.self), updates: try await counts("customer_update", UpdateStatus.self))
    }

    /// Open and waiting updates, counted in their partial indexes (see ``PostgresSchema``).
    static func backlog(_ session: PostgresSession) async throws -> Backlog {
        let open = try await session.value(
            "SELECT count(*) FROM customer_update WHERE \(unescaped: PostgresSchema.openUpdate)", as: Int.self)
        let waiting = try await session.value(
            "SELECT count(*) FROM customer_update WHERE status = 'waiting_identity'", as: Int.self)
        let oldest = try await session.value(
            """
            SELECT accepted_at FROM customer_update WHERE \(unescaped: PostgresSchema.openUpdate)
            ORDER BY accepted_at LIMIT 1
            """, as: Int64.self)
        return Backlog(openUpdates: open ?? 0, waitingForIdentity: waiting ?? 0, oldestOpenAcceptedAt: StoreCodec.date(oldest))
    }

    static func nextDueTime(_ session: PostgresSession) async throws -> Date? {
        StoreCodec.date(try await session.value("SELECT min(ready_at) FROM customer_queue", as: Int64.self))
    }

    static func events(_ session: PostgresSession, matching query: EventQuery) async throws -> EventPage {
        guard query.limit >= 1 else { throw EventStoreError.invalidArgument("the page size must be at least 1") }
        var filter = PostgresFilter()
        if let status = query.status { filter.add("status = ?", status.rawValue) }
        if let source = query.source { filter.add("source = ?", source) }
        if let externalId = query.externalId {
            if let tenant = query.tenant {
                filter.add("id IN (SELECT event_id FROM customer_update WHERE external_id = ? AND tenant = ?)", externalId, tenant)
            } else {
                filter.add("id IN (SELECT event_id FROM customer_update WHERE external_id = ?)", externalId)
            }
        }
        if let from = query.receivedFrom { filter.add("received_at >= ?", try StoreCodec.millis(from)) }
        if let before = query.receivedBefore { filter.add("received_at < ?", try StoreCodec.millis(before)) }
        if let cursor = query.cursor { filter.add("id < ?", cursor) }
        let rows = try await session.rows(
            filter.query(
                "SELECT \(StoreCodec.eventColumns) FROM event", orderedBy: "id DESC", limit: query.limit + 1))
        let events = try rows.prefix(query.limit).map(PostgresRows.event)
        return EventPage(events: events, nextCursor: rows.count > query.limit ? events.last?.id : nil)
    }

    static func event(_ session: PostgresSession, id: EventID) async throws -> EventRecord? {
        try await session.rows("SELECT \(unescaped: StoreCodec.eventColumns) FROM event WHERE id = \(id)")
            .first.map(PostgresRows.event)
    }

    static func delivery(_ session: PostgresSession, id: DeliveryID) async throws -> DeliveryRecord {
        let row = try await session.rows("SELECT id, source, received_at, headers, body FROM delivery WHERE id = \(id)").first
        guard let row else { throw EventStoreError.corruptRecord("delivery \(id) is missing") }
        return try PostgresRows.delivery(row)
    }

    static func eventDetail(_ session: PostgresSession, id: EventID) async throws -> EventDetail? {
        guard let event = try await event(session, id: id) else { return nil }
        let updates = try await session.rows(
            """
            SELECT \(unescaped: StoreCodec.updateColumns) FROM customer_update WHERE event_id = \(id) ORDER BY sequence
            """
        ).map(PostgresRows.update)
        let attempts = try await session.rows(
            """
            SELECT a.id, a.owner, a.started_at, a.finished_at, a.http_status, a.error, a.response_body, a.outcome, a.upstream,
                (SELECT array_agg(l.update_id ORDER BY l.update_id) FROM attempt_update l WHERE l.attempt_id = a.id)
                    AS update_ids
            FROM attempt a
            WHERE a.id IN (SELECT attempt_id FROM attempt_update
                WHERE update_id IN (SELECT id FROM customer_update WHERE event_id = \(id)))
            ORDER BY a.id
            """
        ).map(PostgresRows.attempt)
        return EventDetail(
            event: event, delivery: try await delivery(session, id: event.deliveryId), updates: updates, attempts: attempts)
    }
}
