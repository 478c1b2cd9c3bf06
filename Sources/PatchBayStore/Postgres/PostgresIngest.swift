import Foundation
import PatchBayCore
import PostgresNIO

/// Writes a group-commit batch of ingested deliveries in one transaction.
enum PostgresIngest {
    /// How often a delivery that lost a deadlock against another instance is written again.
    static let lockConflictRetries = 3

    /// Logs each delivery, all of it or nothing if it fails (then alone), then
    /// creates the customers' queue rows for the whole batch at once, in key
    /// order. Duplicates are found by the unique
    /// (source, idempotency_key) constraint, which also holds between
    /// instances: a second instance inserting the same key waits for the
    /// first one's transaction and then sees its event.
    ///
    /// Two instances whose batches carry the same events in crossing order
    /// deadlock on the constraint; PostgreSQL aborts one transaction, whose
    /// batch is written again with a savepoint per delivery (see
    /// ``writeBatch(_:_:)``), and a delivery that loses again is written once
    /// more in a new transaction (then usually as a duplicate).
    static func write(
        _ session: PostgresSession, identities: PostgresIdentities?, _ deliveries: [IngestDelivery]
    ) async throws
        -> [Result<IngestReceipt, any Error>]
    {
        var results = try await writeBatch(session, deliveries, identities: identities)
        for _ in 0..<lockConflictRetries {
            let retry = results.indices.filter { index in
                if case .failure(let error) = results[index] { return isLockConflict(error) }
                return false
            }
            guard !retry.isEmpty else { break }
            for (index, result) in zip(retry, try await writeBatch(session, retry.map { deliveries[$0] }, identities: identities)) {
                results[index] = result
            }
        }
        return results
    }

    /// Whether PostgreSQL aborted the statement to break a deadlock or a serialization conflict.
    static func isLockConflict(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Writes the batch in one transaction, first without a savepoint per
    /// delivery: each costs two more round trips. Only when a delivery fails,
    /// which aborts that transaction, is the batch written again with each
    /// delivery in its own savepoint, so that it fails alone.
    private static func writeBatch(
        _ session: PostgresSession, _ deliveries: [IngestDelivery], identities: PostgresIdentities?
    ) async throws
        -> [Result<IngestReceipt, any Error>]
    {
        do {
            return try await writeBatch(session, deliveries, identities: identities, inSavepoints: false)
        } catch {
            return try await writeBatch(session, deliveries, identities: identities, inSavepoints: true)
        }
    }

    /// One transaction; without `inSavepoints`, the first failing delivery fails it.
    private static func writeBatch(
        _ session: PostgresSession, _ deliveries: [IngestDelivery], identities: PostgresIdentities?, inSavepoints: Bool
    ) async throws -> [Result<IngestReceipt, any Error>] {
        try await session.transaction {
            // Before any savepoint: a savepoint rolled back would release the locks taken in it.
            if let identities {
                try await identities.lockAll(session, deliveries.flatMap { $0.events.flatMap(\.identities) })
            }
            var results: [Result<IngestReceipt, any Error>] = []
            var readyAt: [String: Int64] = [:]
            for delivery in deliveries {
                do {
                    let (receipt, customers) =
                        inSavepoints
                        ? try await session.savepoint { try await insert(session, delivery, identities: identities) }
                        : try await insert(session, delivery, identities: identities)
                    for (key, time) in customers where readyAt[key] == nil { readyAt[key] = time }
                    results.append(.success(receipt))
                } catch  where inSavepoints {
                    results.append(.failure(error))
                }
            }
            try await PostgresBookkeeping.enqueueCustomers(session, readyAt)
            return results
        }
    }

    /// Inserts one delivery; returns its receipt and the customers it queued
    /// updates for, with when their new updates are due.
    private static func insert(
        _ session: PostgresSession, _ delivery: IngestDelivery, identities: PostgresIdentities?
    ) async throws
        -> (IngestReceipt, [(String, Int64)])
    {
        guard !delivery.source.isEmpty else { throw EventStoreError.invalidArgument("the source name is empty") }
        let receivedAt = try StoreCodec.millis(delivery.receivedAt)
        if let token = delivery.singleUseToken {
            try await claim(session, token, source: delivery.source, now: receivedAt)
        }
        // The delivery row is written by its first event's statement.
        var deliveryId: Int64?
        var receipts: [EventReceipt] = []
        var customers: [(String, Int64)] = []
        var lookups = LookupCounts()
        for (index, event) in delivery.events.enumerated() {
            guard !event.idempotencyKey.isEmpty else {
                throw EventStoreError.invalidArgument("event \(index) has an empty idempotency key")
            }
            let eventTime = try event.eventTime.map(StoreCodec.millis)
            let (status, error, updates) = event.mapping.initialState
            let direct = try PostgresBookkeeping.directUpdates(updates)
            let row = try await session.rows(
                try insertEvent(
                    EventRow(
                        delivery: deliveryId.map(DeliveryReference.logged) ?? .new(delivery), source: delivery.source,
                        idempotencyKey: event.idempotencyKey, index: index, eventTime: eventTime, receivedAt: receivedAt,
                        status: status, error: error),
                    direct: direct)
            ).first
            guard let row, let logged = try row.get("delivery_id", as: Int64?.self) else {
                throw EventStoreError.corruptRecord("the event insert returned no delivery id")
            }
            deliveryId = logged
            guard let id = try row.get("event_id", as: Int64?.self) else {
                receipts.append(.duplicate(of: try await existingEvent(session, source: delivery.source, key: event.idempotencyKey)))
                continue
            }
            receipts.append(.accepted(id))
            let (keys, counts) = try await PostgresBookkeeping.insertLookups(
                session, updates, eventId: id, eventTime: eventTime, now: receivedAt, identities: identities,
                hasDirectUpdates: !direct.isEmpty)
            customers += (direct.map(\.customer.storageKey) + keys).map { ($0, receivedAt) }
            lookups += counts
            if !event.identities.isEmpty {
                let identities = try PostgresIdentities.required(identities)
                customers += try await identities.learn(session, event.identities, now: receivedAt).released.map { ($0, receivedAt) }
            }
        }
        guard let deliveryId, receipts.contains(where: { !$0.isDuplicate }) else {
            if let deliveryId { try await session.execute("DELETE FROM delivery WHERE id = \(deliveryId)") }
            return (IngestReceipt(deliveryId: nil, events: receipts), [])
        }
        return (IngestReceipt(deliveryId: deliveryId, events: receipts, lookups: lookups), customers)
    }

    /// The delivery an event row belongs to.
    private enum DeliveryReference {
        /// Not logged yet: the event's statement writes the delivery row too (one round trip, not two).
        case new(IngestDelivery)
        /// Logged by an earlier event's statement, with this id.
        case logged(Int64)
    }

    /// The columns of a new event row.
    private struct EventRow {
        var delivery: DeliveryReference
        var source: String
        var idempotencyKey: String
        var index: Int
        var eventTime: Int64?
        var receivedAt: Int64
        var status: EventStatus
        var error: String?
    }

    /// The statement that inserts an event and the updates that name their
    /// customer (`direct`), in one round trip instead of one per row: the
    /// updates get their queue sequence in the order the mapping listed them.
    /// For an event of a delivery not logged yet, it inserts the delivery row
    /// first. It returns one row: `delivery_id`, and `event_id` or `NULL` when
    /// the source already has an event with its idempotency key (then no event
    /// or update is written).
    private static func insertEvent(_ event: EventRow, direct: [(update: NewUpdate, customer: CustomerKey)]) throws -> PostgresQuery {
        let customers = direct.map(\.customer)
        // One statement for both cases: the delivery's columns are sent with its first event only.
        var logged: Int64?
        var delivery = (headers: "", body: Data())
        switch event.delivery {
        case .new(let new): delivery = (StoreCodec.json(new.headers), Data(new.body))
        case .logged(let id): logged = id
        }
        // postgres-nio has no arrays with NULL elements: a tenant is sent as text plus whether there is one.
        return try """
        WITH new_delivery AS (
            INSERT INTO delivery (source, received_at, headers, body)
            SELECT \(event.source), \(event.receivedAt), \(delivery.headers), \(delivery.body) WHERE \(logged)::bigint IS NULL
            RETURNING id
        ), delivery AS (
            SELECT id FROM new_delivery UNION ALL SELECT \(logged)::bigint WHERE \(logged)::bigint IS NOT NULL
        ), inserted AS (
            INSERT INTO event (delivery_id, source, idempotency_key, event_index, event_time, received_at, status,
                error, finished_at)
            SELECT delivery.id, \(event.source), \(event.idempotencyKey), \(event.index), \(event.eventTime),
                \(event.receivedAt), \(event.status.rawValue), \(event.error), \(event.status.isFinished ? event.receivedAt : nil)
            FROM delivery
            ON CONFLICT (source, idempotency_key) DO NOTHING
            RETURNING id
        ), updates AS (
            INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                allow_extra_fields, event_time, accepted_at, status, next_attempt_at)
            SELECT inserted.id, CASE WHEN u.has_tenant THEN u.tenant END, u.external_id, u.customer_key,
                nextval('update_sequence'), u.data, u.allow_extra_fields, \(event.eventTime), \(event.receivedAt), 'pending',
                \(event.receivedAt)
            FROM inserted, unnest(\(customers.map { $0.tenant ?? "" })::text[], \(customers.map { $0.tenant != nil })::boolean[],
                \(customers.map(\.externalId))::text[], \(customers.map(\.storageKey))::text[],
                \(direct.map { StoreCodec.json($0.update.data) })::text[], \(direct.map(\.update.allowExtraFields))::boolean[])
                WITH ORDINALITY AS u(tenant, has_tenant, external_id, customer_key, data, allow_extra_fields, position)
            ORDER BY u.position
        )
        SELECT (SELECT id FROM delivery) AS delivery_id, (SELECT id FROM inserted) AS event_id
        """
    }

    /// Claims `token` for `source`, or finds it claimed by the same body (an
    /// identical resend, logged as duplicates); throws
    /// ``EventStoreError/tokenReused(source:)`` when another body holds it.
    /// An expired claim is taken over. Two instances claiming at once are
    /// ordered by the primary key: the second waits for the first's commit.
    private static func claim(_ session: PostgresSession, _ token: SingleUseToken, source: String, now: Int64) async throws {
        let digest = Data(token.bodyDigest)
        let claimed = try await session.value(
            """
            INSERT INTO single_use_token (source, token, body_digest, expires_at)
            VALUES (\(source), \(token.value), \(digest), \(try StoreCodec.millis(token.expiresAt)))
            ON CONFLICT (source, token) DO UPDATE SET body_digest = excluded.body_digest, expires_at = excluded.expires_at
            WHERE single_use_token.expires_at <= \(now)
            RETURNING 1
            """, as: Int.self)
        guard claimed == nil else { return }
        let holder = try await session.value(
            "SELECT body_digest FROM single_use_token WHERE source = \(source) AND token = \(token.value)", as: Data.self)
        guard holder == digest else { throw EventStoreError.tokenReused(source: source) }
    }

    private static func existingEvent(_ session: PostgresSession, source: String, key: String) async throws -> EventID {
        let id = try await session.value(
            "SELECT id FROM event WHERE source = \(source) AND idempotency_key = \(key)", as: Int64.self)
        guard let id else { throw EventStoreError.corruptRecord("duplicate event \(source)/\(key) not found") }
        return id
    }
}
