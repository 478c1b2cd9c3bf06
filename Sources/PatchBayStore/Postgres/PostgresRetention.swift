import PostgresNIO

/// Retention: one small batch per call, so ingest never waits long. Rows
/// another transaction holds are skipped (`SKIP LOCKED`), so instances
/// pruning at once share the work.
enum PostgresRetention {
    /// Deletes up to `limit` events finished before `cutoff`, with their
    /// updates, attempts and emptied deliveries. Fewer than `limit` events
    /// in the report means nothing is left.
    static func pruneEvents(_ session: PostgresSession, before cutoff: Int64, limit: Int) async throws -> PruneReport {
        try await session.transaction {
            var report = PruneReport()
            let events = try await session.rows(
                """
                SELECT id, delivery_id FROM event
                WHERE finished_at IS NOT NULL AND finished_at < \(cutoff) AND status NOT IN ('pending', 'waiting_identity')
                LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """)
            guard !events.isEmpty else { return report }
            let eventIds = try events.map { try $0.get("id", as: Int64.self) }
            let updates = try await session.column(
                "SELECT id FROM customer_update WHERE event_id = ANY(\(eventIds)::bigint[])", as: Int64.self)
            (report.updates, report.attempts) = try await PostgresBookkeeping.deleteUpdates(session, ids: updates)
            report.events = try await session.count("DELETE FROM event WHERE id = ANY(\(eventIds)::bigint[]) RETURNING 1")
            let deliveryIds = Array(Set(try events.map { try $0.get("delivery_id", as: Int64.self) }))
            report.deliveries = try await session.count(
                """
                DELETE FROM delivery d WHERE d.id = ANY(\(deliveryIds)::bigint[])
                AND NOT EXISTS (SELECT 1 FROM event e WHERE e.delivery_id = d.id) RETURNING 1
                """)
            return report
        }
    }

    /// Deletes up to `limit` single-use token claims that expired before `cutoff`; returns how many.
    static func pruneSingleUseTokens(_ session: PostgresSession, before cutoff: Int64, limit: Int) async throws -> Int {
        try await deleteRows(session, of: "single_use_token", keyedBy: "source, token", where: "expires_at", isBefore: cutoff, limit: limit)
    }

    /// Deletes up to `limit` per-field event times older than `cutoff`; returns how many were deleted.
    static func pruneFieldTimes(_ session: PostgresSession, before cutoff: Int64, limit: Int) async throws -> Int {
        try await deleteRows(
            session, of: "customer_field_time", keyedBy: "customer_key, field", where: "event_time", isBefore: cutoff, limit: limit)
    }

    /// Deletes up to `limit` rows of `table` (primary key `keys`) whose time
    /// column `column` is before `cutoff`, skipping rows another transaction
    /// holds; returns how many.
    private static func deleteRows(
        _ session: PostgresSession, of table: String, keyedBy keys: String, where column: String, isBefore cutoff: Int64, limit: Int
    ) async throws -> Int {
        try await session.count(
            """
            DELETE FROM \(unescaped: table) WHERE (\(unescaped: keys)) IN (
                SELECT \(unescaped: keys) FROM \(unescaped: table) WHERE \(unescaped: column) < \(cutoff)
                LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING 1
            """)
    }
}
