import Foundation
import PostgresNIO

/// Statements that keep the tables consistent with each other, shared by
/// ingest, dispatch, repair and retention. Each runs inside the caller's
/// transaction.
///
/// Locking discipline, so that instances never lose a queue row or deadlock:
/// whoever derives a customer's queue row from its open updates first locks
/// that row (`FOR UPDATE`, or an upsert), then reads; several rows are always
/// locked in `customer_key` order; events in `id` order.
enum PostgresBookkeeping {
    /// Appends `updates` of an event at the end of their customers' queues, due
    /// at `now`: first those of a known customer, then those found by lookup
    /// in `identities` (which may wait; the event's status then follows).
    /// Returns the customers, to pass to ``enqueueCustomers(_:_:)`` before the
    /// transaction commits, and what the lookups came to.
    static func insertUpdates(
        _ session: PostgresSession, _ updates: [NewUpdate], eventId: EventID, eventTime: Int64?, now: Int64,
        identities: PostgresIdentities?
    ) async throws -> (keys: [String], lookups: LookupCounts) {
        let direct = try directUpdates(updates)
        for (update, customer) in direct {
            try await session.execute(
                """
                INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                    allow_extra_fields, event_time, accepted_at, status, next_attempt_at)
                VALUES (\(eventId), \(customer.tenant), \(customer.externalId), \(customer.storageKey),
                    nextval('update_sequence'), \(StoreCodec.json(update.data)), \(update.allowExtraFields),
                    \(eventTime), \(now), 'pending', \(now))
                """)
        }
        let (resolved, lookups) = try await insertLookups(
            session, updates, eventId: eventId, eventTime: eventTime, now: now, identities: identities,
            hasDirectUpdates: !direct.isEmpty)
        return (direct.map(\.customer.storageKey) + resolved, lookups)
    }

    /// The updates that name their customer, with it, in order; throws for an empty externalId.
    static func directUpdates(_ updates: [NewUpdate]) throws -> [(update: NewUpdate, customer: CustomerKey)] {
        try updates.compactMap { update in
            guard let customer = update.customer else { return nil }
            guard !customer.externalId.isEmpty else {
                throw EventStoreError.invalidArgument("an update has an empty externalId")
            }
            return (update, customer)
        }
    }

    /// The second half of ``insertUpdates(_:_:eventId:eventTime:now:identities:)``:
    /// the updates found by lookup, and the event's status when they wait or
    /// are ignored; returns the customers they were queued for and the lookup counts.
    static func insertLookups(
        _ session: PostgresSession, _ updates: [NewUpdate], eventId: EventID, eventTime: Int64?, now: Int64,
        identities: PostgresIdentities?, hasDirectUpdates: Bool
    ) async throws -> (keys: [String], lookups: LookupCounts) {
        var keys: [String] = []
        var counts = LookupCounts()
        for update in updates {
            guard case .lookup(let tenant, let lookup) = update.target else { continue }
            let identities = try PostgresIdentities.required(identities)
            let (resolution, resolved) = try await identities.insert(
                session, update, tenant: tenant, lookup: lookup, eventId: eventId, eventTime: eventTime, now: now)
            counts.count(resolution)
            keys += resolved
        }
        if let status = counts.eventStatus(withDirectUpdates: hasDirectUpdates) {
            try await session.execute(
                """
                UPDATE event SET status = \(status.rawValue), finished_at = \(status.isFinished ? now : nil) WHERE id = \(eventId)
                """)
        }
        return (keys, counts)
    }

    /// Gives each customer a queue row due at its `readyAt` unless it has one
    /// already (then its head is older than what was appended). Locks the rows,
    /// in key order, until the transaction ends, so that a concurrent
    /// completion cannot drop a queue row for updates it does not see yet.
    static func enqueueCustomers(_ session: PostgresSession, _ readyAt: [String: Int64]) async throws {
        guard !readyAt.isEmpty else { return }
        let entries = readyAt.sorted { $0.key < $1.key }
        try await session.execute(
            """
            INSERT INTO customer_queue (customer_key, ready_at)
            SELECT * FROM unnest(\(entries.map(\.key))::text[], \(entries.map(\.value))::bigint[]) ORDER BY 1
            ON CONFLICT (customer_key) DO UPDATE SET customer_key = excluded.customer_key
            """)
    }

    /// Re-derives a customer's queue row from its oldest open update: deleted
    /// when none is open, else due when that update is. A row under lease is
    /// left alone unless `releasingLease`. The caller holds the row's lock.
    /// One statement: the head is read and the row written in one round trip.
    static func refreshCustomerQueue(_ session: PostgresSession, key: String, releasingLease: Bool) async throws {
        try await session.execute(
            """
            WITH head AS (
                SELECT status, next_attempt_at FROM customer_update
                WHERE customer_key = \(key) AND \(unescaped: PostgresSchema.openUpdate) ORDER BY sequence LIMIT 1
            ), emptied AS (
                DELETE FROM customer_queue WHERE customer_key = \(key) AND NOT EXISTS (SELECT 1 FROM head)
            )
            INSERT INTO customer_queue (customer_key, ready_at)
            SELECT \(key), next_attempt_at FROM head WHERE \(releasingLease) OR status <> 'in_flight'
            ON CONFLICT (customer_key) DO UPDATE SET ready_at = excluded.ready_at, lease_owner = NULL, lease_token = NULL
            WHERE \(releasingLease) OR customer_queue.lease_token IS NULL
            """)
    }

    /// Derives events' statuses from their updates (for events that have
    /// some), locking the events in id order first so that instances
    /// completing different updates of one event see each other's results.
    static func refreshEventStatuses(_ session: PostgresSession, eventIds: Set<EventID>, now: Int64) async throws {
        guard !eventIds.isEmpty else { return }
        let ids = Array(eventIds)
        try await session.execute("SELECT 1 FROM event WHERE id = ANY(\(ids)::bigint[]) ORDER BY id FOR UPDATE")
        let rows = try await session.rows(
            """
            SELECT event_id, array_agg(DISTINCT status) AS statuses FROM customer_update
            WHERE event_id = ANY(\(ids)::bigint[]) GROUP BY event_id
            """)
        for row in rows {
            let statuses = try row.get("statuses", as: [String].self).map { try StoreCodec.enumValue($0, as: UpdateStatus.self) }
            let status = EventStatus(updateStatuses: statuses)
            try await session.execute(
                """
                UPDATE event SET status = \(status.rawValue), finished_at = \(status.isFinished ? now : nil)
                WHERE id = \(try row.get("event_id", as: Int64.self))
                """)
        }
    }

    /// The columns `fields` and `times` of a query on `customer_queue q`:
    /// the customer's applied per-field event times, read by ``fieldTimes(_:)``.
    static let fieldTimeColumns = """
        ARRAY(SELECT field FROM customer_field_time WHERE customer_key = q.customer_key ORDER BY field) AS fields,
        ARRAY(SELECT event_time FROM customer_field_time WHERE customer_key = q.customer_key ORDER BY field) AS times
        """

    /// A customer's applied per-field event times, from a row with ``fieldTimeColumns``.
    static func fieldTimes(_ row: PostgresRandomAccessRow) throws -> [String: Date] {
        let fields = try row.get("fields", as: [String].self)
        let times = try row.get("times", as: [Int64].self).map(StoreCodec.date)
        return Dictionary(uniqueKeysWithValues: zip(fields, times))
    }

    /// Deletes updates with their attempt links, and the attempts left carrying
    /// nothing. Returns how many updates and attempts were deleted.
    static func deleteUpdates(_ session: PostgresSession, ids: [UpdateID]) async throws -> (updates: Int, attempts: Int) {
        guard !ids.isEmpty else { return (0, 0) }
        let attemptIds = try await session.column(
            "DELETE FROM attempt_update WHERE update_id = ANY(\(ids)::bigint[]) RETURNING attempt_id", as: Int64.self)
        try await session.execute("DELETE FROM identity_wait WHERE update_id = ANY(\(ids)::bigint[])")
        let updates = try await session.count("DELETE FROM customer_update WHERE id = ANY(\(ids)::bigint[]) RETURNING 1")
        let attempts = try await session.count(
            """
            DELETE FROM attempt a WHERE a.id = ANY(\(Array(Set(attemptIds)))::bigint[])
            AND NOT EXISTS (SELECT 1 FROM attempt_update l WHERE l.attempt_id = a.id) RETURNING 1
            """)
        return (updates, attempts)
    }
}
