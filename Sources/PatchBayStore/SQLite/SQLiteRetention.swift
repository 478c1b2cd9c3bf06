import Foundation
import GRDB

/// Retention: one small batch per call, so ingest never waits long.
enum SQLiteRetention {
    /// Deletes up to `limit` events finished before `cutoff`, with their
    /// updates, attempts and emptied deliveries. Fewer than `limit` events
    /// in the report means nothing is left.
    static func pruneEvents(_ db: Database, before cutoff: Int64, limit: Int) throws -> PruneReport {
        var report = PruneReport()
        let events = try Row.fetchAll(
            db,
            sql: """
                SELECT id, delivery_id FROM event
                WHERE finished_at IS NOT NULL AND finished_at < ? AND status NOT IN ('pending', 'waiting_identity') LIMIT ?
                """,
            arguments: [cutoff, limit])
        for event in events {
            let id: Int64 = event["id"]
            let updates = try Int64.fetchAll(
                db, sql: "SELECT id FROM customer_update WHERE event_id = ?", arguments: [id])
            let deleted = try SQLiteBookkeeping.deleteUpdates(db, ids: updates)
            report.updates += deleted.updates
            report.attempts += deleted.attempts
            try db.execute(sql: "DELETE FROM event WHERE id = ?", arguments: [id])
            report.events += 1
        }
        for deliveryId in Set(events.map { $0["delivery_id"] as Int64 }) {
            try db.execute(
                sql: "DELETE FROM delivery WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM event WHERE delivery_id = ?1)",
                arguments: [deliveryId])
            report.deliveries += db.changesCount
        }
        return report
    }

    /// Deletes up to `limit` single-use token claims that expired before
    /// `cutoff` (a token can no longer verify once expired); returns how many.
    static func pruneSingleUseTokens(_ db: Database, before cutoff: Int64, limit: Int) throws -> Int {
        try deleteRows(db, of: "single_use_token", keyedBy: "source, token", where: "expires_at", isBefore: cutoff, limit: limit)
    }

    /// Deletes the field times of up to `limit` customers whose newest is
    /// older than `cutoff` (a customer's times are kept together, so an older
    /// one lasts while a newer one does); returns how many field times were
    /// deleted.
    static func pruneFieldTimes(_ db: Database, before cutoff: Int64, limit: Int) throws -> Int {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    DELETE FROM customer_field_times WHERE customer_key IN
                        (SELECT customer_key FROM customer_field_times WHERE newest < ? LIMIT ?)
                    RETURNING times
                    """),
            arguments: [cutoff, limit])
        return try rows.reduce(0) { $0 + (try StoreCodec.fieldTimes($1["times"])).count }
    }

    /// Deletes up to `limit` rows of `table` (primary key `keys`) whose time
    /// column `column` is before `cutoff`; returns how many.
    private static func deleteRows(
        _ db: Database, of table: String, keyedBy keys: String, where column: String, isBefore cutoff: Int64, limit: Int
    ) throws -> Int {
        try db.execute(
            sql: "DELETE FROM \(table) WHERE (\(keys)) IN (SELECT \(keys) FROM \(table) WHERE \(column) < ? LIMIT ?)",
            arguments: [cutoff, limit])
        return db.changesCount
    }
}
