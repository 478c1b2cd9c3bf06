import Foundation
import PatchBayCore
import PostgresNIO

/// The identity index of the shared store; the same tables and rules as
/// ``SQLiteIdentities``, inside the caller's transaction.
///
/// Instances looking up, learning and forgetting one address at once are
/// serialized by a transaction-scoped advisory lock on (tenant, hash): a
/// lookup that finds nothing and logs a waiting update, and a learning of
/// that address that releases waiting updates, can then neither miss each
/// other nor both release one update. Queue rows of released customers are
/// returned to the caller, which locks them in key order before it commits.
struct PostgresIdentities: IdentityIndex {
    let key: IdentityKey

    /// Records `key`'s fingerprint in a store that has none, or checks it
    /// against the one recorded (instances starting at once agree on the first).
    static func checkKey(_ session: PostgresSession, _ key: IdentityKey) async throws {
        let fingerprint = Data(key.fingerprint)
        try await session.execute("INSERT INTO identity_key (id, fingerprint) VALUES (1, \(fingerprint)) ON CONFLICT (id) DO NOTHING")
        let recorded = try await session.value("SELECT fingerprint FROM identity_key WHERE id = 1", as: Data.self)
        guard recorded == fingerprint else { throw IdentityKeyCheck.mismatch }
    }

    /// Takes the advisory lock of one address until the transaction ends.
    private func lock(_ session: PostgresSession, tenant: String?, digest: [UInt8]) async throws {
        try await Self.lock(session, Self.lockKey(tenant: tenant, digest: digest))
    }

    private static func lock(_ session: PostgresSession, _ lockKey: Int64) async throws {
        try await session.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
    }

    /// The advisory lock key of an address: its hash's first eight bytes,
    /// mixed with the tenant's FNV-1a hash (the same on every instance).
    static func lockKey(tenant: String?, digest: [UInt8]) -> Int64 {
        var tenantHash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (tenant ?? "").utf8 {
            tenantHash = (tenantHash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: prefix ^ tenantHash)
    }

    // MARK: Lookup

    /// The externalIds holding `digest` in `tenant`, sorted.
    func externalIds(_ session: PostgresSession, tenant: String?, kind: IdentityKind, digest: [UInt8]) async throws -> [String] {
        try await session.column(
            """
            SELECT external_id FROM identity WHERE tenant = \(tenant ?? "") AND kind = \(kind.rawValue) AND digest = \(Data(digest))
            ORDER BY external_id
            """, as: String.self)
    }

    /// The externalIds holding `address` in `tenant`.
    func externalIds(_ session: PostgresSession, tenant: String?, address: IdentityAddress) async throws -> [String] {
        try await externalIds(session, tenant: tenant, kind: address.kind, digest: key.digest(of: address))
    }

    // MARK: Updates found by lookup

    /// Logs an update found by lookup (see ``SQLiteIdentities/insert(_:_:tenant:lookup:eventId:eventTime:now:)``);
    /// returns what it came to and the customers it queued updates for.
    func insert(
        _ session: PostgresSession, _ update: NewUpdate, tenant: String?, lookup: IdentityLookup, eventId: EventID,
        eventTime: Int64?, now: Int64
    ) async throws -> (LookupResolution, [String]) {
        for address in lookup.addresses { try await lock(session, tenant: tenant, digest: key.digest(of: address)) }
        var found: [IdentityAddress: [String]] = [:]
        for address in lookup.addresses { found[address] = try await externalIds(session, tenant: tenant, address: address) }
        let resolution = lookup.resolve { found[$0] ?? [] }
        switch resolution {
        case .customers(let ids):
            let updates = ids.map {
                NewUpdate(customer: CustomerKey(tenant: tenant, externalId: $0), data: update.data, allowExtraFields: update.allowExtraFields)
            }
            let (keys, _) = try await PostgresBookkeeping.insertUpdates(
                session, updates, eventId: eventId, eventTime: eventTime, now: now, identities: self)
            return (resolution, keys)
        case .waitForAny, .waitForOne:
            let updateId = try await session.value(
                """
                INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                    allow_extra_fields, event_time, accepted_at, status, next_attempt_at, when_several)
                VALUES (\(eventId), \(tenant), '', '', nextval('update_sequence'), \(StoreCodec.json(update.data)),
                    \(update.allowExtraFields), \(eventTime), \(now), 'waiting_identity', \(now), \(lookup.whenSeveral.rawValue))
                RETURNING id
                """, as: Int64.self)
            guard let updateId else { throw EventStoreError.corruptRecord("the waiting update insert returned no id") }
            for (position, address) in lookup.addresses.enumerated() {
                try await session.execute(
                    """
                    INSERT INTO identity_wait (update_id, position, tenant, kind, digest)
                    VALUES (\(updateId), \(position), \(tenant ?? ""), \(address.kind.rawValue), \(Data(key.digest(of: address))))
                    """)
            }
            return (resolution, [])
        case .ignored:
            return (resolution, [])
        }
    }

    /// Tries to resolve one waiting update against the index as it is now
    /// (see ``SQLiteIdentities/release(_:updateId:now:)``); returns the
    /// customers it became pending for. Takes the locks of its addresses
    /// first (a transaction may take one lock several times).
    func release(_ session: PostgresSession, updateId: UpdateID, now: Int64) async throws -> [String] {
        let waits = try await session.rows("SELECT tenant, kind, digest FROM identity_wait WHERE update_id = \(updateId) ORDER BY position")
        let lockKeys = try waits.map { wait in
            let tenant = try wait.get("tenant", as: String.self)
            return Self.lockKey(tenant: tenant.isEmpty ? nil : tenant, digest: Array(try wait.get("digest", as: Data.self)))
        }
        for lockKey in Set(lockKeys).sorted() { try await Self.lock(session, lockKey) }
        guard
            let row = try await session.rows(
                """
                SELECT event_id, tenant, when_several FROM customer_update WHERE id = \(updateId) AND status = 'waiting_identity'
                FOR UPDATE
                """
            ).first
        else { return [] }
        let tenant = try row.get("tenant", as: String?.self)
        let whenSeveral = try StoreCodec.enumValue(try row.get("when_several", as: String.self), as: WhenSeveral.self)
        var found: [[String]] = []
        for wait in waits {
            let kind = try StoreCodec.enumValue(try wait.get("kind", as: String.self), as: IdentityKind.self)
            found.append(try await externalIds(session, tenant: tenant, kind: kind, digest: Array(try wait.get("digest", as: Data.self))))
        }
        guard case .customers(let ids) = IdentityLookup.firstMatch(found, whenSeveral: whenSeveral, { $0 }) else { return [] }
        let keys = ids.map { CustomerKey(tenant: tenant, externalId: $0).storageKey }
        try await session.execute(
            """
            UPDATE customer_update SET external_id = \(ids[0]), customer_key = \(keys[0]), status = 'pending',
                next_attempt_at = \(now), last_error = NULL
            WHERE id = \(updateId)
            """)
        if ids.count > 1 {
            try await session.execute(
                """
                INSERT INTO customer_update (event_id, tenant, external_id, customer_key, sequence, data,
                    allow_extra_fields, event_time, accepted_at, status, next_attempt_at)
                SELECT u.event_id, u.tenant, c.external_id, c.customer_key, u.sequence, u.data, u.allow_extra_fields,
                    u.event_time, u.accepted_at, 'pending', \(now)
                FROM customer_update u, unnest(\(Array(ids.dropFirst()))::text[], \(Array(keys.dropFirst()))::text[])
                    AS c(external_id, customer_key)
                WHERE u.id = \(updateId)
                """)
        }
        try await session.execute("DELETE FROM identity_wait WHERE update_id = \(updateId)")
        try await PostgresBookkeeping.refreshEventStatuses(session, eventIds: [try row.get("event_id", as: Int64.self)], now: now)
        return keys
    }

    /// Releases the updates waiting for a hash; the caller holds its lock.
    private func releaseWaiting(_ session: PostgresSession, tenant: String?, kind: IdentityKind, digest: [UInt8], now: Int64) async throws -> [String]
    {
        let ids = try await session.column(
            """
            SELECT DISTINCT update_id FROM identity_wait
            WHERE tenant = \(tenant ?? "") AND kind = \(kind.rawValue) AND digest = \(Data(digest)) ORDER BY update_id
            """, as: Int64.self)
        var keys: [String] = []
        for id in ids { keys += try await release(session, updateId: id, now: now) }
        return keys
    }

    // MARK: Learning

    /// Takes the locks of every address of `identities` in lock-key order, in
    /// one statement, so that batches recording several addresses cannot
    /// deadlock. The statements after it read what was committed before the
    /// locks were granted (each statement of a transaction takes its own snapshot).
    func lockAll(_ session: PostgresSession, _ identities: [LearnedIdentity]) async throws {
        let keys = Array(Set(identities.map { Self.lockKey(tenant: $0.tenant, digest: key.digest(of: $0.address)) }))
        guard !keys.isEmpty else { return }
        try await session.execute(
            """
            SELECT count(pg_advisory_xact_lock(lock_key)) FROM (SELECT unnest(\(keys)::bigint[]) AS lock_key ORDER BY 1) AS ordered
            """)
    }

    /// Records the pairs of `identities` and releases the updates waiting for
    /// them (see ``SQLiteIdentities/learn(_:_:now:)``); returns the change and
    /// the customers released updates were queued for. The caller holds their
    /// locks (``lockAll(_:_:)``).
    func learn(_ session: PostgresSession, _ identities: [LearnedIdentity], now: Int64) async throws -> (change: IdentityChange, released: [String]) {
        var change = IdentityChange.unchanged
        var released: [String] = []
        for identity in identities {
            let digest = Data(key.digest(of: identity.address))
            let tenant = identity.tenant ?? ""
            let kind = identity.address.kind.rawValue
            // The customer's other address of this kind goes, this one stays (or comes); one round trip.
            guard
                let row = try await session.rows(
                    """
                    WITH removed AS (
                        DELETE FROM identity
                        WHERE tenant = \(tenant) AND external_id = \(identity.externalId) AND kind = \(kind) AND digest <> \(digest)
                        RETURNING 1
                    ), learned AS (
                        INSERT INTO identity (tenant, kind, digest, external_id, learned_at)
                        VALUES (\(tenant), \(kind), \(digest), \(identity.externalId), \(now))
                        ON CONFLICT (tenant, kind, digest, external_id) DO UPDATE SET learned_at = excluded.learned_at
                        RETURNING xmax = 0 AS added
                    )
                    SELECT (SELECT count(*) FROM removed) AS removed, (SELECT added FROM learned) AS added,
                        ARRAY(SELECT DISTINCT update_id FROM identity_wait
                            WHERE tenant = \(tenant) AND kind = \(kind) AND digest = \(digest) ORDER BY update_id) AS waiting
                    """
                ).first
            else { throw EventStoreError.corruptRecord("learning an identity returned no row") }
            let removed = try row.get("removed", as: Int64.self)
            let added = try row.get("added", as: Bool.self)
            guard removed > 0 || added else { continue }
            change = removed == 0 && change != .changed ? .added : .changed
            for updateId in try row.get("waiting", as: [Int64].self) {
                released += try await release(session, updateId: updateId, now: now)
            }
        }
        return (change, released)
    }

    // MARK: Erasure

    /// Removes the entries `erasure` names (see ``SQLiteIdentities/forget(_:_:tenant:now:)``);
    /// returns how many, and the customers released updates were queued for.
    func forget(_ session: PostgresSession, _ erasure: IdentityErasure, tenant: String?, now: Int64) async throws -> (Int, [String]) {
        let removed: [PostgresRandomAccessRow]
        switch erasure {
        case .customer(let externalId):
            removed = try await session.rows(
                """
                DELETE FROM identity WHERE external_id = \(externalId) AND (\(tenant)::text IS NULL OR tenant = \(tenant))
                RETURNING tenant, kind, digest
                """)
        case .address(let address):
            let digest = key.digest(of: address)
            if let tenant { try await lock(session, tenant: tenant, digest: digest) }
            removed = try await session.rows(
                """
                DELETE FROM identity WHERE kind = \(address.kind.rawValue) AND digest = \(Data(digest))
                    AND (\(tenant)::text IS NULL OR tenant = \(tenant))
                RETURNING tenant, kind, digest
                """)
        }
        let addresses = Set(
            try removed.map { row in
                try HashedAddress(
                    storedTenant: row.get("tenant", as: String.self), kind: row.get("kind", as: String.self), digest: row.get("digest", as: Data.self)
                )
            })
        var released: [String] = []
        // In lock-key order, as lockAll takes them, so two erasures cannot deadlock.
        for address in addresses.sorted(by: {
            Self.lockKey(tenant: $0.tenant, digest: $0.digest) < Self.lockKey(tenant: $1.tenant, digest: $1.digest)
        }) {
            try await lock(session, tenant: address.tenant, digest: address.digest)
            released += try await releaseWaiting(session, tenant: address.tenant, kind: address.kind, digest: address.digest, now: now)
        }
        return (removed.count, released)
    }

    // MARK: Observation and expiry

    /// Entries by kind, customers with an entry, and waiting updates.
    static func statistics(_ session: PostgresSession) async throws -> IdentityStatistics {
        let entries = try await session.rows("SELECT kind, count(*) AS n FROM identity GROUP BY kind")
        return IdentityStatistics(
            entries: Dictionary(uniqueKeysWithValues: try entries.map { (try $0.get("kind", as: String.self), try $0.get("n", as: Int.self)) }),
            customers: try await session.value("SELECT count(*) FROM (SELECT DISTINCT tenant, external_id FROM identity) c", as: Int.self) ?? 0,
            waitingUpdates: try await session.value("SELECT count(*) FROM customer_update WHERE status = 'waiting_identity'", as: Int.self) ?? 0)
    }

    /// Dead-letters up to `limit` updates waiting since before `cutoff` (see
    /// ``SQLiteIdentities/expireWaiting(_:acceptedBefore:now:limit:)``).
    static func expireWaiting(_ session: PostgresSession, acceptedBefore cutoff: Int64, now: Int64, limit: Int) async throws -> Int {
        let events = try await session.column(
            """
            UPDATE customer_update SET status = 'dead', last_error = 'identity unknown'
            WHERE id IN (
                SELECT id FROM customer_update WHERE status = 'waiting_identity' AND accepted_at < \(cutoff)
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING event_id
            """, as: Int64.self)
        try await PostgresBookkeeping.refreshEventStatuses(session, eventIds: Set(events), now: now)
        return events.count
    }
}
