import Foundation
import GRDB

/// Statements that keep the tables consistent with each other, shared by
/// ingest, dispatch, repair and retention. Each runs inside the caller's
/// write transaction.
enum SQLiteBookkeeping {
    /// Reserves `count` consecutive acceptance sequence numbers; returns the first.
    static func allocateSequences(_ db: Database, count: Int) throws -> Int64 {
        let last = try Int64.fetchOne(
            db.cachedStatement(sql: "UPDATE store_counter SET value = value + ? WHERE name = 'sequence' RETURNING value"),
            arguments: [count])
        guard let last else { throw EventStoreError.corruptRecord("the sequence counter is missing") }
        return last - Int64(count) + 1
    }

    /// Appends `updates` of an event to their customers' queues, due at `now`:
    /// first those of a known customer, then those found by lookup in
    /// `identities` (which may wait; the event's status then follows).
    /// Returns what the lookups came to.
    @discardableResult
    static func insertUpdates(
        _ db: Database, _ updates: [NewUpdate], eventId: EventID, eventTime: Int64?, now: Int64, identities: SQLiteIdentities?
    ) throws -> LookupCounts {
        let direct = updates.compactMap { update in update.customer.map { (customer: $0, update: update) } }
        if !direct.isEmpty {
            var sequence = try allocateSequences(db, count: direct.count)
            let insertUpdate = try db.cachedStatement(
                sql: """
                    INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                        allow_extra_fields, event_time, accepted_at, status, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                    """)
            for (customer, update) in direct {
                guard !customer.externalId.isEmpty else {
                    throw EventStoreError.invalidArgument("an update has an empty externalId")
                }
                let key = customer.storageKey
                try insertUpdate.execute(arguments: [
                    eventId, customer.tenant, customer.externalId, key, sequence,
                    StoreCodec.json(update.data), update.allowExtraFields, eventTime, now, now,
                ])
                try enqueueCustomer(db, key: key, readyAt: now)
                sequence += 1
            }
        }
        var counts = LookupCounts()
        for update in updates {
            guard case .lookup(let tenant, let lookup) = update.target else { continue }
            let identities = try SQLiteIdentities.required(identities)
            counts.count(try identities.insert(db, update, tenant: tenant, lookup: lookup, eventId: eventId, eventTime: eventTime, now: now))
        }
        if let status = counts.eventStatus(withDirectUpdates: !direct.isEmpty) {
            try db.cachedStatement(sql: "UPDATE event SET status = ?, finished_at = ? WHERE id = ?")
                .execute(arguments: [status.rawValue, status.isFinished ? now : nil, eventId])
        }
        return counts
    }

    /// Gives a customer a queue row due at `readyAt` unless it has one already
    /// (then its head is older than what was just appended).
    static func enqueueCustomer(_ db: Database, key: String, readyAt: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO customer_queue (customer_key, ready_at) VALUES (?, ?)
                ON CONFLICT (customer_key) DO NOTHING
                """
        ).execute(arguments: [key, readyAt])
    }

    /// Re-derives a customer's queue row from its oldest open update: deleted
    /// when none is open, else due when that update is. A row under lease is
    /// left alone unless `releasingLease`.
    static func refreshCustomerQueue(_ db: Database, key: String, releasingLease: Bool) throws {
        let head = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT status, next_attempt_at FROM customer_update INDEXED BY update_open_queue
                    WHERE customer_key = ? AND \(SQLiteSchema.openUpdate) ORDER BY sequence LIMIT 1
                    """),
            arguments: [key])
        guard let head else {
            try db.cachedStatement(sql: "DELETE FROM customer_queue WHERE customer_key = ?").execute(arguments: [key])
            return
        }
        let status: String = head["status"]
        guard releasingLease || status != UpdateStatus.inFlight.rawValue else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO customer_queue (customer_key, ready_at) VALUES (?, ?)
                ON CONFLICT (customer_key) DO UPDATE SET ready_at = excluded.ready_at, lease_owner = NULL, lease_token = NULL
                WHERE ? OR customer_queue.lease_token IS NULL
                """
        ).execute(arguments: [key, head["next_attempt_at"] as Int64, releasingLease])
    }

    /// Derives an event's status from its updates (for events that have some).
    static func refreshEventStatus(_ db: Database, eventId: EventID, now: Int64) throws {
        // Without DISTINCT: an event has a few updates, and SQLite would build a temporary B-tree to drop repeats.
        let statuses = try String.fetchAll(
            db.cachedStatement(sql: "SELECT status FROM customer_update WHERE event_id = ?"),
            arguments: [eventId]
        ).map { try StoreCodec.enumValue($0, as: UpdateStatus.self) }
        guard !statuses.isEmpty else { return }
        let status = EventStatus(updateStatuses: statuses)
        try db.cachedStatement(sql: "UPDATE event SET status = ?, finished_at = ? WHERE id = ?")
            .execute(arguments: [status.rawValue, status.isFinished ? now : nil, eventId])
    }

    /// The customer's applied per-field event times, in milliseconds.
    static func fieldTimes(_ db: Database, key: String) throws -> [String: Int64] {
        let text = try String.fetchOne(
            db.cachedStatement(sql: "SELECT times FROM customer_field_times WHERE customer_key = ?"), arguments: [key])
        return try text.map(StoreCodec.fieldTimes) ?? [:]
    }

    /// Records `times` over the customer's `applied` ones, keeping the newest per field.
    static func recordFieldTimes(_ db: Database, key: String, times: [String: Date], over applied: [String: Int64]) throws {
        guard !times.isEmpty else { return }
        var merged = applied
        for (field, time) in times { merged[field] = max(merged[field] ?? .min, try StoreCodec.millis(time)) }
        try db.cachedStatement(
            sql: """
                INSERT INTO customer_field_times (customer_key, times, newest) VALUES (?, ?, ?)
                ON CONFLICT (customer_key) DO UPDATE SET times = excluded.times, newest = excluded.newest
                """
        ).execute(arguments: [key, StoreCodec.json(fieldTimes: merged), merged.values.max()])
    }

    /// Deletes updates with their attempt links, and the attempts left carrying
    /// nothing. Returns how many updates and attempts were deleted.
    static func deleteUpdates(_ db: Database, ids: [UpdateID]) throws -> (updates: Int, attempts: Int) {
        var attemptIds: Set<Int64> = []
        var attempts = 0
        for id in ids {
            attemptIds.formUnion(
                try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT attempt_id FROM attempt_update WHERE update_id = ?"),
                    arguments: [id]))
            try db.cachedStatement(sql: "DELETE FROM attempt_update WHERE update_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM identity_wait WHERE update_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM customer_update WHERE id = ?").execute(arguments: [id])
        }
        for attemptId in attemptIds {
            try db.cachedStatement(
                sql: """
                    DELETE FROM attempt WHERE id = ?1
                    AND NOT EXISTS (SELECT 1 FROM attempt_update WHERE attempt_id = ?1)
                    """
            ).execute(arguments: [attemptId])
            attempts += db.changesCount
        }
        return (ids.count, attempts)
    }
}
