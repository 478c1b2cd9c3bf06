import Foundation
import GRDB
import PatchBayCore

/// The identity index of the SQLite store: `identity` maps (tenant, kind,
/// keyed hash of the address) to externalIds, and `identity_wait` lists the
/// hashes each waiting update is looked up by. An absent tenant is stored as
/// `''` (an empty tenant is never a valid one). Every function runs inside
/// the caller's write transaction, so learning an identity and releasing the
/// updates waiting for it are one commit.
struct SQLiteIdentities: IdentityIndex {
    let key: IdentityKey

    /// Records `key`'s fingerprint in a store that has none, or checks it
    /// against the one recorded.
    static func checkKey(_ db: Database, _ key: IdentityKey) throws {
        let fingerprint = Data(key.fingerprint)
        if let recorded = try Data.fetchOne(db, sql: "SELECT fingerprint FROM identity_key") {
            guard recorded == fingerprint else { throw IdentityKeyCheck.mismatch }
            return
        }
        try db.execute(sql: "INSERT INTO identity_key (fingerprint) VALUES (?)", arguments: [fingerprint])
    }

    // MARK: Lookup

    /// The externalIds holding `digest` in `tenant`, sorted.
    func externalIds(_ db: Database, tenant: String?, kind: IdentityKind, digest: [UInt8]) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT external_id FROM identity WHERE tenant = ? AND kind = ? AND digest = ? ORDER BY external_id"),
            arguments: [tenant ?? "", kind.rawValue, Data(digest)])
    }

    /// The externalIds holding `address` in `tenant`.
    func externalIds(_ db: Database, tenant: String?, address: IdentityAddress) throws -> [String] {
        try externalIds(db, tenant: tenant, kind: address.kind, digest: key.digest(of: address))
    }

    // MARK: Updates found by lookup

    /// Logs an update found by lookup: one pending update per customer the
    /// index names, or one waiting update, or nothing when the rule ignores
    /// unresolved addresses. Returns what it came to.
    func insert(
        _ db: Database, _ update: NewUpdate, tenant: String?, lookup: IdentityLookup, eventId: EventID, eventTime: Int64?, now: Int64
    ) throws -> LookupResolution {
        let resolution = try lookup.resolve { try externalIds(db, tenant: tenant, address: $0) }
        switch resolution {
        case .customers(let ids):
            let updates = ids.map {
                NewUpdate(customer: CustomerKey(tenant: tenant, externalId: $0), data: update.data, allowExtraFields: update.allowExtraFields)
            }
            try SQLiteBookkeeping.insertUpdates(db, updates, eventId: eventId, eventTime: eventTime, now: now, identities: self)
        case .waitForAny, .waitForOne:
            let sequence = try SQLiteBookkeeping.allocateSequences(db, count: 1)
            try db.cachedStatement(
                sql: """
                    INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                        allow_extra_fields, event_time, accepted_at, status, next_attempt_at, when_several)
                    VALUES (?, ?, '', '', ?, ?, ?, ?, ?, 'waiting_identity', ?, ?)
                    """
            ).execute(arguments: [
                eventId, tenant, sequence, StoreCodec.json(update.data), update.allowExtraFields, eventTime, now, now,
                lookup.whenSeveral.rawValue,
            ])
            let updateId = db.lastInsertedRowID
            let insertWait = try db.cachedStatement(
                sql: """
                    INSERT INTO identity_wait (update_id, position, tenant, kind, digest) VALUES (?, ?, ?, ?, ?)
                    """)
            for (position, address) in lookup.addresses.enumerated() {
                try insertWait.execute(arguments: [updateId, position, tenant ?? "", address.kind.rawValue, Data(key.digest(of: address))])
            }
        case .ignored:
            break
        }
        return resolution
    }

    /// Tries to resolve one waiting update against the index as it is now:
    /// when its addresses name its customer(s), it becomes pending for the
    /// first and copies of it for the others (same acceptance sequence and
    /// time, so each takes the place in its customer's queue that its
    /// acceptance gives it). Returns how many updates became pending.
    func release(_ db: Database, updateId: UpdateID, now: Int64) throws -> Int {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT event_id, tenant, when_several FROM customer_update WHERE id = ? AND status = 'waiting_identity'"),
                arguments: [updateId])
        else { return 0 }
        let tenant: String? = row["tenant"]
        let whenSeveral = try StoreCodec.enumValue(row["when_several"] as String, as: WhenSeveral.self)
        let waits = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT kind, digest FROM identity_wait WHERE update_id = ? ORDER BY position"),
            arguments: [updateId])
        let match = try IdentityLookup.firstMatch(waits, whenSeveral: whenSeveral) { wait in
            try externalIds(
                db, tenant: tenant, kind: StoreCodec.enumValue(wait["kind"] as String, as: IdentityKind.self), digest: Array(wait["digest"] as Data))
        }
        guard case .customers(let ids) = match else { return 0 }
        for (index, externalId) in ids.enumerated() {
            let customer = CustomerKey(tenant: tenant, externalId: externalId)
            if index == 0 {
                try db.cachedStatement(
                    sql: """
                        UPDATE customer_update SET external_id = ?, customer_key = ?, status = 'pending', next_attempt_at = ?,
                            last_error = NULL
                        WHERE id = ?
                        """
                ).execute(arguments: [externalId, customer.storageKey, now, updateId])
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                            allow_extra_fields, event_time, accepted_at, status, next_attempt_at)
                        SELECT event_id, tenant, ?, ?, sequence, data, allow_extra_fields, event_time, accepted_at, 'pending', ?
                        FROM customer_update WHERE id = ?
                        """
                ).execute(arguments: [externalId, customer.storageKey, now, updateId])
            }
            try SQLiteBookkeeping.refreshCustomerQueue(db, key: customer.storageKey, releasingLease: false)
        }
        try db.cachedStatement(sql: "DELETE FROM identity_wait WHERE update_id = ?").execute(arguments: [updateId])
        // One of its updates is pending now, so the event is.
        try db.cachedStatement(sql: "UPDATE event SET status = 'pending', finished_at = NULL WHERE id = ?")
            .execute(arguments: [row["event_id"] as Int64])
        return ids.count
    }

    /// Releases the updates waiting for a hash (see ``release(_:updateId:now:)``).
    private func releaseWaiting(_ db: Database, tenant: String?, kind: IdentityKind, digest: [UInt8], now: Int64) throws -> Int {
        let ids = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT update_id FROM identity_wait WHERE tenant = ? AND kind = ? AND digest = ? ORDER BY update_id"),
            arguments: [tenant ?? "", kind.rawValue, Data(digest)])
        return try ids.reduce(0) { try $0 + release(db, updateId: $1, now: now) }
    }

    // MARK: Learning

    /// Records the pairs of `identities` (learned from one event, or one
    /// imported record) and releases the updates waiting for them. A pair
    /// supersedes the customer's earlier address of the same kind.
    func learn(_ db: Database, _ identities: [LearnedIdentity], now: Int64) throws -> (change: IdentityChange, released: Int) {
        var change = IdentityChange.unchanged
        var released = 0
        for identity in identities {
            let digest = key.digest(of: identity.address)
            let tenant = identity.tenant ?? ""
            let kind = identity.address.kind.rawValue
            let held = try Data.fetchAll(
                db.cachedStatement(sql: "SELECT digest FROM identity WHERE tenant = ? AND external_id = ? AND kind = ?"),
                arguments: [tenant, identity.externalId, kind])
            if held == [Data(digest)] { continue }
            change = held.isEmpty && change != .changed ? .added : .changed
            if !held.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM identity WHERE tenant = ? AND external_id = ? AND kind = ?")
                    .execute(arguments: [tenant, identity.externalId, kind])
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO identity (tenant, kind, digest, external_id, learned_at) VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [tenant, kind, Data(digest), identity.externalId, now])
            released += try releaseWaiting(db, tenant: identity.tenant, kind: identity.address.kind, digest: digest, now: now)
        }
        return (change, released)
    }

    // MARK: Erasure

    /// Removes the entries `erasure` names, in `tenant` or (when `nil`) in
    /// every tenant; returns how many. Updates waiting on an address that
    /// now names one customer (a shared address one of whose holders was
    /// erased) are released.
    func forget(_ db: Database, _ erasure: IdentityErasure, tenant: String?, now: Int64) throws -> Int {
        let condition: String
        var arguments: StatementArguments
        switch erasure {
        case .customer(let externalId):
            condition = "external_id = ?"
            arguments = [externalId]
        case .address(let address):
            condition = "kind = ? AND digest = ?"
            arguments = [address.kind.rawValue, Data(key.digest(of: address))]
        }
        if let tenant {
            arguments += [tenant]
        }
        let scope = tenant == nil ? "" : " AND tenant = ?"
        let removed = try Row.fetchAll(
            db, sql: "DELETE FROM identity WHERE \(condition)\(scope) RETURNING tenant, kind, digest", arguments: arguments)
        let addresses = Set(try removed.map { try HashedAddress(storedTenant: $0["tenant"], kind: $0["kind"], digest: $0["digest"]) })
        for address in addresses {
            _ = try releaseWaiting(db, tenant: address.tenant, kind: address.kind, digest: address.digest, now: now)
        }
        return removed.count
    }
}

extension SQLiteIdentities {
    // MARK: Observation and expiry

    /// Entries by kind, customers with an entry, and waiting updates.
    static func statistics(_ db: Database) throws -> IdentityStatistics {
        let entries = try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM identity GROUP BY kind")
        return IdentityStatistics(
            entries: Dictionary(uniqueKeysWithValues: entries.map { ($0["kind"], $0["n"]) }),
            customers: try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT DISTINCT tenant, external_id FROM identity)") ?? 0,
            waitingUpdates: try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_update WHERE status = 'waiting_identity'") ?? 0)
    }

    /// Dead-letters up to `limit` updates that have waited for an identity
    /// since before `cutoff`, as `identity unknown`; returns how many. Their
    /// hashes are kept, so a replay after an import resolves them.
    static func expireWaiting(_ db: Database, acceptedBefore cutoff: Int64, now: Int64, limit: Int) throws -> Int {
        let expired = try Row.fetchAll(
            db,
            sql: """
                UPDATE customer_update SET status = 'dead', last_error = 'identity unknown'
                WHERE id IN (SELECT id FROM customer_update WHERE status = 'waiting_identity' AND accepted_at < ? LIMIT ?)
                RETURNING event_id
                """, arguments: [cutoff, limit])
        for eventId in Set(expired.map { $0["event_id"] as Int64 }) {
            try SQLiteBookkeeping.refreshEventStatus(db, eventId: eventId, now: now)
        }
        return expired.count
    }
}

/// The outcome of comparing an instance's identity key with a store's.
enum IdentityKeyCheck: Error {
    case mismatch

    /// The message of ``EventStoreError/identityKeyMismatch(_:)`` for a store at `location`.
    static func message(location: String) -> String {
        "the identity index in \(location) was hashed with another identity key than this instance's: every instance of a store must use the same key. "
            + "Set \(IdentityKeyFile.environmentVariable) to the key the other instances use (the contents of their \(IdentityKeyFile.fileName)), "
            + "or copy that file into this instance's data directory"
    }
}
