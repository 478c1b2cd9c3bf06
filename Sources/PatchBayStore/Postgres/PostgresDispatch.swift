import Foundation
import PostgresNIO

/// Claiming, completing and recovering delivery work, shared by any number of instances.
enum PostgresDispatch {
    /// See ``PatchBayStore/claimNext(limit:now:)``. Ready customers are locked
    /// with `FOR UPDATE SKIP LOCKED`, so instances claiming at once each get
    /// different customers and never wait for each other.
    static func claim(
        _ session: PostgresSession, limit: Int, now: Date, pause: SourcePause?, settings: StoreSettings
    ) async throws -> [CustomerWork] {
        try await session.transaction {
            try await claimReady(session, limit: limit, now: now, pause: pause, settings: settings)
        }
    }

    /// See ``PatchBayStore/complete(_:outcome:attempt:thenClaim:now:pause:)``: both in one transaction.
    static func complete(
        _ session: PostgresSession, _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport,
        thenClaim limit: Int, now: Date, pause: SourcePause?, settings: StoreSettings
    ) async throws -> [CustomerWork] {
        try await session.transaction {
            try await record(session, work, outcome: outcome, attempt: attempt, settings: settings)
            return try await claimReady(session, limit: limit, now: now, pause: pause, settings: settings)
        }
    }

    /// The claim, inside the caller's transaction.
    private static func claimReady(
        _ session: PostgresSession, limit: Int, now: Date, pause: SourcePause?, settings: StoreSettings
    ) async throws -> [CustomerWork] {
        let nowMillis = try StoreCodec.millis(now)
        let ready = try await session.rows(
            """
            SELECT customer_key, lease_token FROM customer_queue WHERE ready_at <= \(nowMillis)
            ORDER BY ready_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        var claimed: [CustomerWork] = []
        for row in ready {
            let key = try row.get("customer_key", as: String.self)
            if try row.get("lease_token", as: String?.self) != nil {
                // The lease expired: take the customer's in-flight updates over.
                try await session.execute(
                    """
                    UPDATE customer_update SET status = 'pending'
                    WHERE customer_key = \(key) AND \(unescaped: PostgresSchema.openUpdate) AND status = 'in_flight'
                    """)
            }
            if let work = try await claimHead(session, key: key, now: nowMillis, pause: pause, settings: settings) {
                claimed.append(work)
            }
        }
        return claimed
    }

    /// Claims the mergeable due updates at the head of one customer's queue,
    /// none of a paused source; a customer whose head is paused is deferred.
    private static func claimHead(
        _ session: PostgresSession, key: String, now: Int64, pause: SourcePause?, settings: StoreSettings
    ) async throws -> CustomerWork? {
        let paused = pause?.sources ?? []
        let rows = try await session.rows(
            """
            SELECT u.id, u.event_id, u.tenant, u.external_id, u.sequence, u.data, u.allow_extra_fields,
                u.event_time, u.accepted_at, u.attempts, u.next_attempt_at, e.source, e.idempotency_key
            FROM customer_update u JOIN event e ON e.id = u.event_id
            WHERE u.customer_key = \(key) AND u.\(unescaped: PostgresSchema.openUpdate)
            ORDER BY u.sequence LIMIT \(settings.mergeLimit)
            """)
        guard let head = rows.first, try head.get("next_attempt_at", as: Int64.self) <= now else {
            try await PostgresBookkeeping.refreshCustomerQueue(session, key: key, releasingLease: true)
            return nil
        }
        if let pause, paused.contains(try head.get("source", as: String.self)) {
            try await session.execute(
                """

                UPDATE customer_queue SET ready_at = \(max(now, try StoreCodec.millis(pause.recheckAt))),
                    lease_owner = NULL, lease_token = NULL
                WHERE customer_key = \(key)
                """)
            return nil
        }
        let allowExtraFields = try head.get("allow_extra_fields", as: Bool.self)
        var updates: [ClaimedUpdate] = []
        for row in rows {
            guard try row.get("allow_extra_fields", as: Bool.self) == allowExtraFields,
                try row.get("next_attempt_at", as: Int64.self) <= now,
                !paused.contains(try row.get("source", as: String.self))
            else { break }
            updates.append(try claimedUpdate(row))
        }
        let lease = Lease(
            owner: settings.instanceId, token: Lease.newToken(),
            expiresAt: StoreCodec.date(now).addingTimeInterval(settings.leaseDuration))
        // Claims the updates, leases the customer and reads its field times: one round trip.
        let leased = try await session.rows(
            """
            WITH claimed AS (
                UPDATE customer_update SET status = 'in_flight', attempts = attempts + 1 WHERE id = ANY(\(updates.map(\.id))::bigint[])
            ), leased AS (
                UPDATE customer_queue SET ready_at = \(try StoreCodec.millis(lease.expiresAt)), lease_owner = \(lease.owner),
                    lease_token = \(lease.token)
                WHERE customer_key = \(key)
            )
            SELECT \(unescaped: PostgresBookkeeping.fieldTimeColumns) FROM customer_queue q WHERE customer_key = \(key)
            """
        ).first
        guard let leased else { throw EventStoreError.corruptRecord("customer \(key) has no queue row to lease") }
        return CustomerWork(
            customer: try CustomerKey(storageKey: key),
            allowExtraFields: allowExtraFields, updates: updates,
            appliedFieldTimes: try PostgresBookkeeping.fieldTimes(leased), lease: lease)
    }

    private static func claimedUpdate(_ row: PostgresRandomAccessRow) throws -> ClaimedUpdate {
        ClaimedUpdate(
            id: try row.get("id"), eventId: try row.get("event_id"), source: try row.get("source"),
            idempotencyKey: try row.get("idempotency_key"), sequence: try row.get("sequence"),
            data: try StoreCodec.object(try row.get("data")),
            eventTime: StoreCodec.date(try row.get("event_time", as: Int64?.self)),
            acceptedAt: StoreCodec.date(try row.get("accepted_at", as: Int64.self)), attempts: try row.get("attempts"))
    }

    /// See ``PatchBayStore/complete(_:outcome:attempt:)``. The customer's queue
    /// row is locked first, so the lease check and everything written after it
    /// are atomic with respect to a takeover by another instance.
    static func complete(
        _ session: PostgresSession, _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport,
        settings: StoreSettings
    ) async throws {
        try await session.transaction {
            try await record(session, work, outcome: outcome, attempt: attempt, settings: settings)
        }
    }

    /// The completion, inside the caller's transaction.
    private static func record(
        _ session: PostgresSession, _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport,
        settings: StoreSettings
    ) async throws {
        let key = work.customer.storageKey
        let now = try StoreCodec.millis(attempt.finishedAt)
        let startedAt = try StoreCodec.millis(attempt.startedAt)
        let attempt = attempt.stored(responseBodyLimit: settings.responseBodyLimit)
        // The field times read with the lock are current whenever the lease still holds:
        // only the lease holder's completion writes them.
        let row = try await session.rows(
            """
            SELECT lease_token, \(unescaped: PostgresBookkeeping.fieldTimeColumns)
            FROM customer_queue q WHERE customer_key = \(key) FOR UPDATE
            """
        ).first
        guard let row, try row.get("lease_token", as: String?.self) == work.lease.token else {
            throw EventStoreError.leaseLost(work.customer)
        }
        let completion = Completion(work, outcome: outcome, appliedFieldTimes: try PostgresBookkeeping.fieldTimes(row))
        try await recordFieldTimes(session, key: key, times: completion.fieldTimes)
        let ids = work.updates.map(\.id)
        let statuses = try ids.map { id in
            guard let status = completion.statuses[id] else {
                throw EventStoreError.corruptRecord("update \(id) has no completion status")
            }
            return status.rawValue
        }
        try await session.execute(
            """
            WITH completed AS (
                UPDATE customer_update u SET status = c.status,
                    next_attempt_at = coalesce(\(try completion.nextAttemptAt.map(StoreCodec.millis)), u.next_attempt_at),
                    last_error = \(attempt.error), last_http_status = \(attempt.httpStatus), last_response = \(attempt.responseBody)
                FROM unnest(\(ids)::bigint[], \(statuses)::text[]) AS c(id, status)
                WHERE u.id = c.id AND u.status = 'in_flight'
            ), attempt AS (
                INSERT INTO attempt (owner, started_at, finished_at, http_status, error, response_body, outcome, upstream)
                VALUES (\(work.lease.owner), \(startedAt), \(now), \(attempt.httpStatus), \(attempt.error), \(attempt.responseBody),
                    \(completion.attemptOutcome.rawValue), \(attempt.upstream))
                RETURNING id
            )
            INSERT INTO attempt_update (update_id, attempt_id) SELECT unnest(\(ids)::bigint[]), attempt.id FROM attempt
            """)
        try await PostgresBookkeeping.refreshEventStatuses(session, eventIds: Set(work.updates.map(\.eventId)), now: now)
        try await PostgresBookkeeping.refreshCustomerQueue(session, key: key, releasingLease: true)
    }

    /// Keeps the newest event time per field.
    private static func recordFieldTimes(_ session: PostgresSession, key: String, times: [String: Date]) async throws {
        guard !times.isEmpty else { return }
        let entries = times.sorted { $0.key < $1.key }
        let fields = entries.map(\.key)
        let millis = try entries.map { try StoreCodec.millis($0.value) }
        try await session.execute(
            """
            INSERT INTO customer_field_time (customer_key, field, event_time)
            SELECT \(key), * FROM unnest(\(fields)::text[], \(millis)::bigint[])
            ON CONFLICT (customer_key, field)
            DO UPDATE SET event_time = greatest(customer_field_time.event_time, excluded.event_time)
            """)
    }

    /// See ``PatchBayStore/recoverInFlight()``: in a shared store only this
    /// instance's own leases are released; other instances' work is theirs,
    /// and expired leases are claimable anyway.
    static func recoverInFlight(_ session: PostgresSession, owner: String) async throws -> Int {
        try await session.transaction {
            let keys = try await session.column(
                """
                SELECT customer_key FROM customer_queue WHERE lease_owner = \(owner) ORDER BY customer_key FOR UPDATE
                """, as: String.self)
            guard !keys.isEmpty else { return 0 }
            let recovered = try await session.count(
                """
                UPDATE customer_update SET status = 'pending'
                WHERE customer_key = ANY(\(keys)::text[]) AND status = 'in_flight' RETURNING 1
                """)
            for key in keys {
                try await PostgresBookkeeping.refreshCustomerQueue(session, key: key, releasingLease: true)
            }
            return recovered
        }
    }
}
