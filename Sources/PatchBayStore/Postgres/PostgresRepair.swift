import Foundation
import PostgresNIO

/// Replay and re-map, inside the caller's transaction.
///
/// Lock order, as everywhere (see ``PostgresBookkeeping``): a finished event
/// is locked before its updates are touched, so retention (which skips locked
/// events) leaves it alone; customers' queue rows are locked together, in key
/// order.
enum PostgresRepair {
    /// Replays the listed events; see ``PatchBayStore/replay(_:now:)``.
    static func replay(_ session: PostgresSession, events ids: [EventID], now: Date, identities: PostgresIdentities?) async throws -> ReplayReport {
        let nowMillis = try StoreCodec.millis(now)
        var report = ReplayReport()
        var readyAt: [String: Int64] = [:]
        for id in ids {
            var standing = try await classify(session, eventId: id)
            if standing == .finished {
                // Lock it, then look again: retention or another replay may have been first.
                try await session.execute("SELECT 1 FROM event WHERE id = \(id) FOR UPDATE")
                standing = try await classify(session, eventId: id)
            }
            switch standing {
            case .notFound: report.notFound.append(id)
            case .withoutUpdates: report.withoutUpdates.append(id)
            case .notFinished: report.notFinished.append(id)
            case .finished:
                let (count, customers) = try await requeue(session, eventId: id, now: nowMillis, identities: identities)
                for key in customers { readyAt[key] = nowMillis }
                report.requeuedUpdates += count
                report.replayedEvents += 1
            }
        }
        try await PostgresBookkeeping.enqueueCustomers(session, readyAt)
        return report
    }

    private enum Standing { case notFound, withoutUpdates, notFinished, finished }

    /// Whether an event exists and its updates are all finished.
    private static func classify(_ session: PostgresSession, eventId id: EventID) async throws -> Standing {
        guard try await session.value("SELECT id FROM event WHERE id = \(id)", as: Int64.self) != nil else { return .notFound }
        let statuses = try await session.column("SELECT status FROM customer_update WHERE event_id = \(id)", as: String.self)
            .map { try StoreCodec.enumValue($0, as: UpdateStatus.self) }
        if statuses.isEmpty { return .withoutUpdates }
        return statuses.contains(where: { !$0.isFinished }) ? .notFinished : .finished
    }

    /// The ids of up to `limit` dead events (of `source`, if given), oldest first.
    static func deadEvents(_ session: PostgresSession, source: String?, limit: Int) async throws -> [EventID] {
        try await session.column(
            """
            SELECT id FROM event WHERE status = 'dead' AND (\(source)::text IS NULL OR source = \(source))
            ORDER BY id LIMIT \(limit)
            """, as: Int64.self)
    }

    /// Puts an event's updates back at the end of their customers' queues; an
    /// update whose customer was never found waits again and is resolved
    /// against the index as it is. Returns how many updates were requeued and
    /// the customers, for ``PostgresBookkeeping/enqueueCustomers(_:_:)``.
    private static func requeue(
        _ session: PostgresSession, eventId: EventID, now: Int64, identities: PostgresIdentities?
    ) async throws
        -> (Int, [String])
    {
        let updates = try await session.rows(
            "SELECT id, customer_key FROM customer_update WHERE event_id = \(eventId) ORDER BY sequence")
        var customers: [String] = []
        var unresolved: [UpdateID] = []
        for update in updates {
            let key = try update.get("customer_key", as: String.self)
            let id = try update.get("id", as: Int64.self)
            try await session.execute(
                """
                UPDATE customer_update SET status = \(key.isEmpty ? UpdateStatus.waitingIdentity.rawValue : UpdateStatus.pending.rawValue),
                    sequence = nextval('update_sequence'), attempts = 0,
                    accepted_at = \(now), next_attempt_at = \(now), last_error = NULL, last_http_status = NULL,
                    last_response = NULL
                WHERE id = \(id)
                """)
            if key.isEmpty { unresolved.append(id) } else { customers.append(key) }
        }
        try await session.execute("UPDATE event SET status = 'pending', finished_at = NULL WHERE id = \(eventId)")
        if !unresolved.isEmpty {
            let identities = try PostgresIdentities.required(identities)
            for id in unresolved { customers += try await identities.release(session, updateId: id, now: now) }
            try await PostgresBookkeeping.refreshEventStatuses(session, eventIds: [eventId], now: now)
        }
        return (updates.count, customers)
    }

    /// See ``PatchBayStore/replaceUpdates(eventId:with:now:)``. The queue rows
    /// of the old and the new customers are locked first, then the event, and
    /// only then are the old updates' statuses read, so no instance can claim
    /// them between the check and the delete.
    static func replaceUpdates(
        _ session: PostgresSession, eventId: EventID, with mapping: EventMapping, now: Date, identities: PostgresIdentities?
    ) async throws {
        let nowMillis = try StoreCodec.millis(now)
        let (status, error, updates) = mapping.initialState
        let oldKeys = try await session.column(
            "SELECT DISTINCT customer_key FROM customer_update WHERE event_id = \(eventId)", as: String.self)
        let newKeys = updates.compactMap(\.customer?.storageKey)
        try await PostgresBookkeeping.enqueueCustomers(
            session, Dictionary((oldKeys + newKeys).filter { !$0.isEmpty }.map { ($0, nowMillis) }, uniquingKeysWith: { first, _ in first }))
        guard try await session.value("SELECT id FROM event WHERE id = \(eventId) FOR UPDATE", as: Int64.self) != nil,
            let event = try await PostgresQueries.event(session, id: eventId)
        else {
            throw EventStoreError.eventNotFound(eventId)
        }
        let old = try await session.rows("SELECT id, customer_key, status FROM customer_update WHERE event_id = \(eventId)")
        guard try !old.contains(where: { try $0.get("status", as: String.self) == UpdateStatus.inFlight.rawValue }) else {
            throw EventStoreError.eventInFlight(eventId)
        }
        _ = try await PostgresBookkeeping.deleteUpdates(session, ids: try old.map { try $0.get("id") })
        try await session.execute(
            """
            UPDATE event SET status = \(status.rawValue), error = \(error), finished_at = \(status.isFinished ? nowMillis : nil)
            WHERE id = \(eventId)
            """)
        let (resolvedKeys, _) = try await PostgresBookkeeping.insertUpdates(
            session, updates, eventId: eventId, eventTime: try event.eventTime.map(StoreCodec.millis), now: nowMillis,
            identities: identities)
        let touched = Set(oldKeys + resolvedKeys + (try old.map { try $0.get("customer_key", as: String.self) })).subtracting([""])
        for key in touched.sorted() {
            try await PostgresBookkeeping.refreshCustomerQueue(session, key: key, releasingLease: false)
        }
    }
}
