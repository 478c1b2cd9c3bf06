import Foundation
import GRDB
import PatchBayCore

/// Writes one ingested delivery inside a group-commit transaction.
enum SQLiteIngest {
    /// Logs `delivery`; run it in a savepoint (see ``SQLiteBatchedWrite``), so
    /// a failure leaves nothing of it. Duplicates are found by the unique
    /// (source, idempotency_key) constraint; a delivery with no new event is
    /// not kept.
    static func insert(_ db: Database, _ delivery: IngestDelivery, identities: SQLiteIdentities?) throws -> IngestReceipt {
        guard !delivery.source.isEmpty else { throw EventStoreError.invalidArgument("the source name is empty") }
        let receivedAt = try StoreCodec.millis(delivery.receivedAt)
        if let token = delivery.singleUseToken {
            try claim(db, token, source: delivery.source, now: receivedAt)
        }
        try db.cachedStatement(sql: "INSERT INTO delivery (source, received_at, headers, body) VALUES (?, ?, ?, ?)")
            .execute(arguments: [delivery.source, receivedAt, StoreCodec.json(delivery.headers), Data(delivery.body)])
        let deliveryId = db.lastInsertedRowID
        let insertEvent = try db.cachedStatement(
            sql: """
                INSERT INTO event (delivery_id, source, idempotency_key, event_index, event_time, received_at, status,
                    error, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, idempotency_key) DO NOTHING
                RETURNING id
                """)
        var receipts: [EventReceipt] = []
        var lookups = LookupCounts()
        for (index, event) in delivery.events.enumerated() {
            guard !event.idempotencyKey.isEmpty else {
                throw EventStoreError.invalidArgument("event \(index) has an empty idempotency key")
            }
            let eventTime = try event.eventTime.map { try StoreCodec.millis($0) }
            let (status, error, updates) = event.mapping.initialState
            let id = try Int64.fetchOne(
                insertEvent,
                arguments: [
                    deliveryId, delivery.source, event.idempotencyKey, index, eventTime, receivedAt, status.rawValue,
                    error, status.isFinished ? receivedAt : nil,
                ])
            guard let id else {
                receipts.append(.duplicate(of: try existingEvent(db, source: delivery.source, key: event.idempotencyKey)))
                continue
            }
            receipts.append(.accepted(id))
            lookups += try SQLiteBookkeeping.insertUpdates(db, updates, eventId: id, eventTime: eventTime, now: receivedAt, identities: identities)
            if !event.identities.isEmpty {
                let identities = try SQLiteIdentities.required(identities)
                _ = try identities.learn(db, event.identities, now: receivedAt)
            }
        }
        guard receipts.contains(where: { !$0.isDuplicate }) else {
            try db.cachedStatement(sql: "DELETE FROM delivery WHERE id = ?").execute(arguments: [deliveryId])
            return IngestReceipt(deliveryId: nil, events: receipts)
        }
        return IngestReceipt(deliveryId: deliveryId, events: receipts, lookups: lookups)
    }

    /// Claims `token` for `source`, or finds it claimed by the same body
    /// (an identical resend, logged as duplicates); throws
    /// ``EventStoreError/tokenReused(source:)`` when another body holds it.
    /// An expired claim is taken over.
    private static func claim(_ db: Database, _ token: SingleUseToken, source: String, now: Int64) throws {
        let claimed = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO single_use_token (source, token, body_digest, expires_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (source, token) DO UPDATE SET body_digest = excluded.body_digest, expires_at = excluded.expires_at
                    WHERE single_use_token.expires_at <= ?5
                    RETURNING 1
                    """),
            arguments: [
                source, token.value, Data(token.bodyDigest), try StoreCodec.millis(token.expiresAt), now,
            ])
        guard claimed == nil else { return }
        let holder = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT body_digest FROM single_use_token WHERE source = ? AND token = ?"),
            arguments: [source, token.value])
        guard holder == Data(token.bodyDigest) else { throw EventStoreError.tokenReused(source: source) }
    }

    private static func existingEvent(_ db: Database, source: String, key: String) throws -> EventID {
        let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM event WHERE source = ? AND idempotency_key = ?"),
            arguments: [source, key])
        guard let id else { throw EventStoreError.corruptRecord("duplicate event \(source)/\(key) not found") }
        return id
    }
}
