import Foundation
import GRDB

/// Replay and re-map.
enum SQLiteRepair {
    /// Replays the listed events; see ``PatchBayStore/replay(_:now:)``.
    static func replay(_ db: Database, events ids: [EventID], now: Date, identities: SQLiteIdentities?) throws -> ReplayReport {
        var report = ReplayReport()
        for id in ids {
            guard try Int64.fetchOne(db, sql: "SELECT id FROM event WHERE id = ?", arguments: [id]) != nil else {
                report.notFound.append(id)
                continue
            }
            let statuses = try String.fetchAll(
                db, sql: "SELECT status FROM customer_update WHERE event_id = ?", arguments: [id]
            ).map { try StoreCodec.enumValue($0, as: UpdateStatus.self) }
            if statuses.isEmpty {
                report.withoutUpdates.append(id)
            } else if statuses.contains(where: { !$0.isFinished }) {
                report.notFinished.append(id)
            } else {
                report.requeuedUpdates += try requeue(db, eventId: id, now: try StoreCodec.millis(now), identities: identities)
                report.replayedEvents += 1
            }
        }
        return report
    }

    /// Replays up to `limit` dead events (of `source`, if given); returns what it did.
    static func replayDead(_ db: Database, source: String?, limit: Int, now: Date, identities: SQLiteIdentities?) throws -> ReplayReport {
        let ids = try Int64.fetchAll(
            db,
            sql: "SELECT id FROM event WHERE status = 'dead' AND (?1 IS NULL OR source = ?1) ORDER BY id LIMIT ?2",
            arguments: [source, limit])
        return try replay(db, events: ids, now: now, identities: identities)
    }

    /// Puts an event's updates back at the end of their customers' queues.
    /// An update whose customer was never found (dead as `identity unknown`)
    /// waits again, accepted now, and is resolved against the index as it is.
    private static func requeue(_ db: Database, eventId: EventID, now: Int64, identities: SQLiteIdentities?) throws -> Int {
        let updates = try Row.fetchAll(
            db, sql: "SELECT id, customer_key FROM customer_update WHERE event_id = ? ORDER BY sequence",
            arguments: [eventId])
        var sequence = try SQLiteBookkeeping.allocateSequences(db, count: updates.count)
        var unresolved: [UpdateID] = []
        for update in updates {
            let key: String = update["customer_key"]
            try db.execute(
                sql: """
                    UPDATE customer_update SET status = ?, sequence = ?, attempts = 0, accepted_at = ?,
                        next_attempt_at = ?, last_error = NULL, last_http_status = NULL, last_response = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    key.isEmpty ? UpdateStatus.waitingIdentity.rawValue : UpdateStatus.pending.rawValue, sequence, now, now, update["id"] as Int64,
                ])
            if key.isEmpty {
                unresolved.append(update["id"])
            } else {
                try SQLiteBookkeeping.enqueueCustomer(db, key: key, readyAt: now)
            }
            sequence += 1
        }
        try db.execute(sql: "UPDATE event SET status = 'pending', finished_at = NULL WHERE id = ?", arguments: [eventId])
        if !unresolved.isEmpty {
            let identities = try SQLiteIdentities.required(identities)
            for id in unresolved { _ = try identities.release(db, updateId: id, now: now) }
            try SQLiteBookkeeping.refreshEventStatus(db, eventId: eventId, now: now)
        }
        return updates.count
    }

    /// See ``PatchBayStore/replaceUpdates(eventId:with:now:)``.
    static func replaceUpdates(_ db: Database, eventId: EventID, with mapping: EventMapping, now: Date, identities: SQLiteIdentities?) throws {
        guard let event = try SQLiteQueries.event(db, id: eventId) else {
            throw EventStoreError.eventNotFound(eventId)
        }
        let old = try Row.fetchAll(
            db, sql: "SELECT id, customer_key, status FROM customer_update WHERE event_id = ?", arguments: [eventId])
        guard !old.contains(where: { ($0["status"] as String) == UpdateStatus.inFlight.rawValue }) else {
            throw EventStoreError.eventInFlight(eventId)
        }
        _ = try SQLiteBookkeeping.deleteUpdates(db, ids: old.map { $0["id"] })
        for key in Set(old.map { $0["customer_key"] as String }) {
            try SQLiteBookkeeping.refreshCustomerQueue(db, key: key, releasingLease: false)
        }
        let nowMillis = try StoreCodec.millis(now)
        let (status, error, updates) = mapping.initialState
        try db.execute(
            sql: "UPDATE event SET status = ?, error = ?, finished_at = ? WHERE id = ?",
            arguments: [status.rawValue, error, status.isFinished ? nowMillis : nil, eventId])
        try SQLiteBookkeeping.insertUpdates(
            db, updates, eventId: eventId, eventTime: try event.eventTime.map { try StoreCodec.millis($0) }, now: nowMillis,
            identities: identities)
    }
}
