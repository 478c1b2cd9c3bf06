import PostgresNIO

/// The store's tables and their migrations.
///
/// The tables mirror the SQLite store's (see `SQLiteSchema`): times are integer
/// milliseconds since 1970; `customer_queue` has one row per customer with open
/// updates, keyed by when its head is ready, and carries the lease (owner,
/// token; `ready_at` is the expiry while leased). Sequences come from
/// `update_sequence`.
///
/// Migrations run in one transaction holding a transaction-level advisory
/// lock, so instances starting together apply each migration once; applied
/// versions are listed in `schema_migrations`.
enum PostgresSchema {
    /// The advisory lock key that serializes migrations (any fixed number; "PBAY" in ASCII).
    static let migrationLock: Int64 = 0x5042_4159

    /// Each migration's statements, in version order (version = index + 1).
    static let migrations: [[PostgresQuery]] = [
        [
            """
            CREATE TABLE delivery (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                source text NOT NULL,
                received_at bigint NOT NULL,
                headers text NOT NULL,
                body bytea NOT NULL
            )
            """,
            """
            CREATE TABLE event (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                delivery_id bigint NOT NULL REFERENCES delivery(id),
                source text NOT NULL,
                idempotency_key text NOT NULL,
                event_index bigint NOT NULL,
                event_time bigint,
                received_at bigint NOT NULL,
                status text NOT NULL,
                error text,
                finished_at bigint,
                UNIQUE (source, idempotency_key)
            )
            """,
            "CREATE INDEX event_delivery ON event(delivery_id)",
            "CREATE INDEX event_status ON event(status)",
            "CREATE INDEX event_finished ON event(finished_at) WHERE finished_at IS NOT NULL",
            "CREATE SEQUENCE update_sequence",
            """
            CREATE TABLE customer_update (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id bigint NOT NULL REFERENCES event(id),
                tenant text,
                external_id text NOT NULL,
                customer_key text NOT NULL,
                sequence bigint NOT NULL,
                data text NOT NULL,
                allow_extra_fields boolean NOT NULL,
                event_time bigint,
                accepted_at bigint NOT NULL,
                status text NOT NULL,
                attempts bigint NOT NULL DEFAULT 0,
                next_attempt_at bigint NOT NULL,
                last_error text,
                last_http_status bigint,
                last_response text
            )
            """,
            "CREATE INDEX update_open_queue ON customer_update(customer_key, sequence) WHERE \(unescaped: openUpdate)",
            "CREATE INDEX update_open_age ON customer_update(accepted_at) WHERE \(unescaped: openUpdate)",
            "CREATE INDEX update_event ON customer_update(event_id)",
            "CREATE INDEX update_external_id ON customer_update(external_id)",
            "CREATE INDEX update_status ON customer_update(status)",
            """
            CREATE TABLE attempt (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                owner text NOT NULL,
                started_at bigint NOT NULL,
                finished_at bigint NOT NULL,
                http_status bigint,
                error text,
                response_body text,
                outcome text NOT NULL
            )
            """,
            """
            CREATE TABLE attempt_update (
                update_id bigint NOT NULL,
                attempt_id bigint NOT NULL,
                PRIMARY KEY (update_id, attempt_id)
            )
            """,
            "CREATE INDEX attempt_update_attempt ON attempt_update(attempt_id)",
            """
            CREATE TABLE customer_queue (
                customer_key text PRIMARY KEY,
                ready_at bigint NOT NULL,
                lease_owner text,
                lease_token text
            )
            """,
            "CREATE INDEX customer_queue_ready ON customer_queue(ready_at)",
            "CREATE INDEX customer_queue_owner ON customer_queue(lease_owner) WHERE lease_owner IS NOT NULL",
            """
            CREATE TABLE customer_field_time (
                customer_key text NOT NULL,
                field text NOT NULL,
                event_time bigint NOT NULL,
                PRIMARY KEY (customer_key, field)
            )
            """,
            "CREATE INDEX customer_field_time_age ON customer_field_time(event_time)",
        ],
        // 2: single-use tokens (Mailgun), claimed with the delivery that carries them.
        [
            """
            CREATE TABLE single_use_token (
                source text NOT NULL,
                token text NOT NULL,
                body_digest bytea NOT NULL,
                expires_at bigint NOT NULL,
                PRIMARY KEY (source, token)
            )
            """,
            "CREATE INDEX single_use_token_expiry ON single_use_token(expires_at)",
        ],
        // 3: the upstream each attempt went to.
        ["ALTER TABLE attempt ADD COLUMN upstream text"],
        // 4: the identity index (addresses only as keyed hashes; tenant '' is none) and waiting updates.
        [
            """
            CREATE TABLE identity (
                tenant text NOT NULL,
                kind text NOT NULL,
                digest bytea NOT NULL,
                external_id text NOT NULL,
                learned_at bigint NOT NULL,
                PRIMARY KEY (tenant, kind, digest, external_id)
            )
            """,
            "CREATE INDEX identity_customer ON identity(tenant, external_id, kind)",
            """
            CREATE TABLE identity_wait (
                update_id bigint NOT NULL,
                position integer NOT NULL,
                tenant text NOT NULL,
                kind text NOT NULL,
                digest bytea NOT NULL,
                PRIMARY KEY (update_id, position)
            )
            """,
            "CREATE INDEX identity_wait_address ON identity_wait(tenant, kind, digest)",
            "CREATE TABLE identity_key (id integer PRIMARY KEY, fingerprint bytea NOT NULL)",
            "ALTER TABLE customer_update ADD COLUMN when_several text",
            "CREATE INDEX update_waiting ON customer_update(accepted_at) WHERE status = 'waiting_identity'",
        ],
    ]

    /// The SQL condition of an open update, spelled as the partial indexes spell it.
    static let openUpdate = "status IN ('pending', 'in_flight')"

    /// Applies the migrations this database lacks; returns how many it applied.
    @discardableResult
    static func migrate(_ session: PostgresSession) async throws -> Int {
        try await session.transaction {
            try await session.execute("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try await session.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version bigint PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try await session.column("SELECT version FROM schema_migrations", as: Int.self))
            var count = 0
            for (index, statements) in migrations.enumerated() where !applied.contains(index + 1) {
                for statement in statements { try await session.execute(statement) }
                try await session.execute("INSERT INTO schema_migrations (version) VALUES (\(index + 1))")
                count += 1
            }
            return count
        }
    }
}
