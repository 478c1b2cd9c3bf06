import PostgresNIO
import Synchronization

/// A query run as a named prepared statement, so that PostgreSQL parses and
/// plans its text once per connection, then only binds and executes it.
///
/// postgres-nio sends an interpolated query as a new unnamed statement, which
/// the server parses and plans on every execution: on the ingest path that
/// was half of the server's CPU (perf of the backends under signed Stripe
/// load). Its prepared statements are types with a static text; this one type
/// serves every query of the store, its text coming from a task-local value
/// set for the one call (postgres-nio reads it there, before it answers).
/// Each distinct text gets a name of its own for the process; the store's
/// texts are few and fixed (parameters are bound, never spliced in).
struct PostgresReusedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    struct Text: Sendable {
        var name: String
        var sql: String
    }

    @TaskLocal private static var current: Text?
    private static let names = Mutex<[String: String]>([:])

    static var name: String { current?.name ?? "" }
    static var sql: String { current?.sql ?? "" }

    private let text: Text
    private let binds: PostgresBindings

    /// The query as a reused statement, or `nil` for one that only runs once
    /// in a while or cannot be prepared (transaction control, schema changes).
    init?(_ query: PostgresQuery) {
        let keyword = query.sql.drop(while: \.isWhitespace).prefix(6).uppercased()
        guard ["SELECT", "INSERT", "UPDATE", "DELETE"].contains(keyword) || keyword.hasPrefix("WITH") else { return nil }
        let name = Self.names.withLock { names in
            if let name = names[query.sql] { return name }
            let name = "patchbay_\(names.count + 1)"
            names[query.sql] = name
            return name
        }
        text = Text(name: name, sql: query.sql)
        binds = query.binds
    }

    func makeBindings() -> PostgresBindings { binds }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// Every row of the statement on `connection`.
    func rows(on connection: PostgresConnection, logger: Logger) async throws -> [PostgresRow] {
        try await Self.$current.withValue(text) {
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(self, logger: logger) { rows.append(row) }
            return rows
        }
    }
}
