import Foundation
import GRDB

/// Claiming, completing and recovering delivery work.
enum SQLiteDispatch {
    /// Customers ready at `?1` (due, or lease expired), soonest first, at most `?2`.
    static let readyCustomersSQL = """
        SELECT customer_key, lease_token FROM customer_queue WHERE ready_at <= ? ORDER BY ready_at LIMIT ?
        """

    /// The open updates at the head of customer `?1`'s queue, at most `?2`, with their events' identity.
    static let queueHeadSQL = """
        SELECT u.id, u.event_id, u.tenant, u.external_id, u.sequence, u.data, u.allow_extra_fields,
            u.event_time, u.accepted_at, u.attempts, u.next_attempt_at, e.source, e.idempotency_key
        FROM customer_update u INDEXED BY update_open_queue JOIN event e ON e.id = u.event_id
        WHERE u.customer_key = ? AND u.\(SQLiteSchema.openUpdate)
        ORDER BY u.sequence LIMIT ?
        """

    /// See ``PatchBayStore/claimNext(limit:now:pause:)``.
    static func claim(
        _ db: Database, limit: Int, now: Date, pause: SourcePause?, configuration: SQLiteStoreConfiguration
    ) throws -> [CustomerWork] {
        let nowMillis = try StoreCodec.millis(now)
        let ready = try Row.fetchAll(db.cachedStatement(sql: readyCustomersSQL), arguments: [nowMillis, limit])
        var claimed: [CustomerWork] = []
        for row in ready {
            let key: String = row["customer_key"]
            if (row["lease_token"] as String?) != nil {
                // The lease expired: take the customer's in-flight updates over.
                try db.cachedStatement(
                    sql: """
                        UPDATE customer_update SET status = 'pending'
                        WHERE customer_key = ? AND \(SQLiteSchema.openUpdate) AND status = 'in_flight'
                        """
                ).execute(arguments: [key])
            }
            if let work = try claimHead(db, key: key, now: nowMillis, pause: pause, configuration: configuration) {
                claimed.append(work)
            }
        }
        return claimed
    }

    /// Claims the mergeable due updates at the head of one customer's queue,
    /// none of a paused source; a customer whose head is paused is deferred.
    private static func claimHead(
        _ db: Database, key: String, now: Int64, pause: SourcePause?, configuration: SQLiteStoreConfiguration
    ) throws -> CustomerWork? {
        let paused = pause?.sources ?? []
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: queueHeadSQL), arguments: [key, max(1, configuration.mergeLimit)])
        guard let head = rows.first else {
            try SQLiteBookkeeping.refreshCustomerQueue(db, key: key, releasingLease: true)
            return nil
        }
        guard (head["next_attempt_at"] as Int64) <= now else {
            try SQLiteBookkeeping.refreshCustomerQueue(db, key: key, releasingLease: true)
            return nil
        }
        if let pause, paused.contains(head["source"] as String) {
            try db.cachedStatement(
                sql: """
                    UPDATE customer_queue SET ready_at = ?, lease_owner = NULL, lease_token = NULL WHERE customer_key = ?
                    """
            ).execute(arguments: [max(now, try StoreCodec.millis(pause.recheckAt)), key])
            return nil
        }
        let allowExtraFields: Bool = head["allow_extra_fields"]
        var updates: [ClaimedUpdate] = []
        for row in rows {
            guard (row["allow_extra_fields"] as Bool) == allowExtraFields, (row["next_attempt_at"] as Int64) <= now,
                !paused.contains(row["source"] as String)
            else { break }
            updates.append(try claimedUpdate(row))
            try db.cachedStatement(sql: "UPDATE customer_update SET status = 'in_flight', attempts = attempts + 1 WHERE id = ?")
                .execute(arguments: [row["id"] as Int64])
        }
        let lease = Lease(
            owner: configuration.instanceId, token: Lease.newToken(),
            expiresAt: StoreCodec.date(now).addingTimeInterval(configuration.leaseDuration))
        try db.cachedStatement(
            sql: """
                UPDATE customer_queue SET ready_at = ?, lease_owner = ?, lease_token = ? WHERE customer_key = ?
                """
        ).execute(arguments: [try StoreCodec.millis(lease.expiresAt), lease.owner, lease.token, key])
        return CustomerWork(
            customer: try CustomerKey(storageKey: key),
            allowExtraFields: allowExtraFields, updates: updates,
            appliedFieldTimes: try SQLiteBookkeeping.fieldTimes(db, key: key).mapValues(StoreCodec.date), lease: lease)
    }

    private static func claimedUpdate(_ row: Row) throws -> ClaimedUpdate {
        ClaimedUpdate(
            id: row["id"], eventId: row["event_id"], source: row["source"], idempotencyKey: row["idempotency_key"],
            sequence: row["sequence"], data: try StoreCodec.object(row["data"]),
            eventTime: StoreCodec.date(row["event_time"] as Int64?),
            acceptedAt: StoreCodec.date(row["accepted_at"] as Int64), attempts: row["attempts"])
    }

    /// See ``PatchBayStore/complete(_:outcome:attempt:)``.
    static func complete(
        _ db: Database, _ work: CustomerWork, outcome: PatchOutcome, attempt: AttemptReport,
        configuration: SQLiteStoreConfiguration
    ) throws {
        let key = work.customer.storageKey
        let token = try String.fetchOne(
            db.cachedStatement(sql: "SELECT lease_token FROM customer_queue WHERE customer_key = ?"), arguments: [key])
        guard token == work.lease.token else { throw EventStoreError.leaseLost(work.customer) }

        let now = try StoreCodec.millis(attempt.finishedAt)
        let attempt = attempt.stored(responseBodyLimit: configuration.responseBodyLimit)
        let applied = try SQLiteBookkeeping.fieldTimes(db, key: key)
        let completion = Completion(work, outcome: outcome, appliedFieldTimes: applied.mapValues(StoreCodec.date))
        try SQLiteBookkeeping.recordFieldTimes(db, key: key, times: completion.fieldTimes, over: applied)
        let nextAttemptAt = try completion.nextAttemptAt.map(StoreCodec.millis)

        let setUpdate = try db.cachedStatement(
            sql: """
                UPDATE customer_update SET status = ?,
                    next_attempt_at = coalesce(?, next_attempt_at), last_error = ?, last_http_status = ?, last_response = ?
                WHERE id = ? AND status = 'in_flight'
                """)
        for update in work.updates {
            try setUpdate.execute(arguments: [
                completion.statuses[update.id]?.rawValue, nextAttemptAt, attempt.error, attempt.httpStatus, attempt.responseBody,
                update.id,
            ])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO attempt (owner, started_at, finished_at, http_status, error, response_body, outcome, upstream)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            work.lease.owner, try StoreCodec.millis(attempt.startedAt), now, attempt.httpStatus, attempt.error,
            attempt.responseBody, completion.attemptOutcome.rawValue, attempt.upstream,
        ])
        let attemptId = db.lastInsertedRowID
        let link = try db.cachedStatement(sql: "INSERT INTO attempt_update (update_id, attempt_id) VALUES (?, ?)")
        for update in work.updates { try link.execute(arguments: [update.id, attemptId]) }

        for eventId in Set(work.updates.map(\.eventId)) {
            try SQLiteBookkeeping.refreshEventStatus(db, eventId: eventId, now: now)
        }
        try SQLiteBookkeeping.refreshCustomerQueue(db, key: key, releasingLease: true)
    }

    /// See ``PatchBayStore/recoverInFlight()``: every lease of this single-process store is stale at start-up.
    static func recoverInFlight(_ db: Database) throws -> Int {
        let leased = try String.fetchAll(db, sql: "SELECT customer_key FROM customer_queue WHERE lease_token IS NOT NULL")
        try db.execute(sql: "UPDATE customer_update SET status = 'pending' WHERE status = 'in_flight'")
        let recovered = db.changesCount
        for key in leased { try SQLiteBookkeeping.refreshCustomerQueue(db, key: key, releasingLease: true) }
        return recovered
    }
}
