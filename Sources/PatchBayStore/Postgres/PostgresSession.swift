import Logging
import PostgresNIO

/// One leased connection, with the few ways the store reads results.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement and discards its rows.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await run(query)
    }

    /// Every row of the result.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await run(query).map { $0.makeRandomAccess() }
    }

    /// The first column of every row.
    func column<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type) async throws -> [Value] {
        try await run(query).map { try $0.makeRandomAccess()[0].decode(type) }
    }

    /// The first column of the first row, `nil` without rows (or for SQL `NULL`).
    func value<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type) async throws -> Value?
    where Value._DecodableType == Value {
        try await column(query, as: Value?.self).first ?? nil
    }

    /// How many rows the statement returned (write `RETURNING 1` to count changes).
    func count(_ query: PostgresQuery) async throws -> Int {
        try await run(query).count
    }

    /// Every row of `query`, refused at once on a closed connection. postgres-nio
    /// never answers a query written to a connection the server has closed (its
    /// handlers are gone, the write's failure is dropped): the `ROLLBACK` after a
    /// statement that failed because PostgreSQL went away would wait forever,
    /// and with it the group commit and every delivery queued behind it.
    /// Queries are prepared once per connection (see ``PostgresReusedStatement``).
    private func run(_ query: PostgresQuery) async throws -> [PostgresRow] {
        guard !connection.isClosed else { throw PostgresFailure.connectionClosed }
        guard let statement = PostgresReusedStatement(query) else { return try await connection.query(query, logger: logger).collect() }
        return try await statement.rows(on: connection, logger: logger)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws. Its error is
    /// rethrown as is (postgres-nio's `withTransaction` wraps it, and callers match on ``EventStoreError``).
    func transaction<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await transaction(begin: "BEGIN", body)
    }

    /// Runs the reads of `body` on one consistent snapshot of the database.
    func snapshot<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func transaction<Result>(begin: PostgresQuery, _ body: () async throws -> Result) async throws -> Result {
        try await execute(begin)
        do {
            let result = try await body()
            try await execute("COMMIT")
            return result
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a savepoint of the current transaction: kept when it
    /// returns, undone when it throws (its error is rethrown, the transaction goes on).
    func savepoint<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await execute("SAVEPOINT unit")
        do {
            let result = try await body()
            try await execute("RELEASE SAVEPOINT unit")
            return result
        } catch {
            try await execute("ROLLBACK TO SAVEPOINT unit")
            try await execute("RELEASE SAVEPOINT unit")
            throw error
        }
    }
}

extension PostgresRandomAccessRow {
    /// The column `name` decoded as `type`.
    func get<Value: PostgresDecodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try self[name].decode(type)
    }
}
