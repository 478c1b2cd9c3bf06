import GRDB

/// The store's tables, created and evolved by GRDB migrations.
///
/// Times are integer milliseconds since 1970. Updates are open while their
/// status is `pending` or `in_flight`; `customer_queue` has one row per
/// customer with open updates: `ready_at` is the head update's due time, or
/// the lease expiry while a lease (`lease_token`) is held. Claiming reads
/// `customer_queue` by `ready_at`, so the cost does not grow with the backlog.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delivery (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        headers TEXT NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY,
                        delivery_id INTEGER NOT NULL REFERENCES delivery(id),
                        source TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        event_index INTEGER NOT NULL,
                        event_time INTEGER,
                        received_at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        error TEXT,
                        finished_at INTEGER,
                        UNIQUE (source, idempotency_key)
                    );
                    CREATE INDEX event_delivery ON event(delivery_id);
                    CREATE INDEX event_status ON event(status);
                    CREATE INDEX event_finished ON event(finished_at) WHERE finished_at IS NOT NULL;
                    CREATE TABLE customer_update (
                        id INTEGER PRIMARY KEY,
                        event_id INTEGER NOT NULL REFERENCES event(id),
                        tenant TEXT,
                        external_id TEXT NOT NULL,
                        customer_key TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        data TEXT NOT NULL,
                        allow_extra_fields INTEGER NOT NULL,
                        event_time INTEGER,
                        accepted_at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        last_http_status INTEGER,
                        last_response TEXT
                    );
                    CREATE INDEX update_open_queue ON customer_update(customer_key, sequence)
                        WHERE status IN ('pending', 'in_flight');
                    CREATE INDEX update_open_age ON customer_update(accepted_at)
                        WHERE status IN ('pending', 'in_flight');
                    CREATE INDEX update_event ON customer_update(event_id);
                    CREATE INDEX update_external_id ON customer_update(external_id);
                    CREATE INDEX update_status ON customer_update(status);
                    CREATE TABLE attempt (
                        id INTEGER PRIMARY KEY,
                        owner TEXT NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER NOT NULL,
                        http_status INTEGER,
                        error TEXT,
                        response_body TEXT,
                        outcome TEXT NOT NULL
                    );
                    CREATE TABLE attempt_update (
                        update_id INTEGER NOT NULL,
                        attempt_id INTEGER NOT NULL,
                        PRIMARY KEY (update_id, attempt_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX attempt_update_attempt ON attempt_update(attempt_id);
                    CREATE TABLE customer_queue (
                        customer_key TEXT PRIMARY KEY,
                        ready_at INTEGER NOT NULL,
                        lease_owner TEXT,
                        lease_token TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX customer_queue_ready ON customer_queue(ready_at);
                    CREATE TABLE customer_field_time (
                        customer_key TEXT NOT NULL,
                        field TEXT NOT NULL,
                        event_time INTEGER NOT NULL,
                        PRIMARY KEY (customer_key, field)
                    ) WITHOUT ROWID;
                    CREATE INDEX customer_field_time_age ON customer_field_time(event_time);
                    CREATE TABLE store_counter (
                        name TEXT PRIMARY KEY,
                        value INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO store_counter (name, value) VALUES ('sequence', 0);
                    """)
        }
        migrator.registerMigration("single-use-token") { db in
            try db.execute(
                sql: """
                    CREATE TABLE single_use_token (
                        source TEXT NOT NULL,
                        token TEXT NOT NULL,
                        body_digest BLOB NOT NULL,
                        expires_at INTEGER NOT NULL,
                        PRIMARY KEY (source, token)
                    ) WITHOUT ROWID;
                    CREATE INDEX single_use_token_expiry ON single_use_token(expires_at);
                    """)
        }
        migrator.registerMigration("attempt-upstream") { db in
            try db.execute(sql: "ALTER TABLE attempt ADD COLUMN upstream TEXT")
        }
        migrator.registerMigration("identity-index") { db in
            // Addresses only as keyed hashes (see SQLiteIdentities); tenant '' is none.
            try db.execute(
                sql: """
                    CREATE TABLE identity (
                        tenant TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        digest BLOB NOT NULL,
                        external_id TEXT NOT NULL,
                        learned_at INTEGER NOT NULL,
                        PRIMARY KEY (tenant, kind, digest, external_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX identity_customer ON identity(tenant, external_id, kind);
                    CREATE TABLE identity_wait (
                        update_id INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        tenant TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        digest BLOB NOT NULL,
                        PRIMARY KEY (update_id, position)
                    ) WITHOUT ROWID;
                    CREATE INDEX identity_wait_address ON identity_wait(tenant, kind, digest);
                    CREATE TABLE identity_key (fingerprint BLOB NOT NULL);
                    ALTER TABLE customer_update ADD COLUMN when_several TEXT;
                    CREATE INDEX update_waiting ON customer_update(accepted_at) WHERE status = 'waiting_identity';
                    """)
        }
        migrator.registerMigration("field-times-per-customer") { db in
            // One row per customer instead of one per field: a delivered
            // PATCH then writes one row (and one index entry), not one per field.
            try db.execute(
                sql: """
                    CREATE TABLE customer_field_times (
                        customer_key TEXT PRIMARY KEY,
                        times TEXT NOT NULL,
                        newest INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX customer_field_times_newest ON customer_field_times(newest);
                    INSERT INTO customer_field_times (customer_key, times, newest)
                        SELECT customer_key, json_group_object(field, event_time), max(event_time)
                        FROM customer_field_time GROUP BY customer_key;
                    DROP TABLE customer_field_time;
                    """)
        }
        return migrator
    }

    /// The SQL condition of an open update, spelled as the partial indexes spell it.
    static let openUpdate = "status IN ('pending', 'in_flight')"
}
