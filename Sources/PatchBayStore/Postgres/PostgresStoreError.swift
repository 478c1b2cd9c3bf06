import PostgresNIO

/// Why a ``PostgresStore`` could not be opened.
public struct PostgresStoreError: Error, CustomStringConvertible {
    /// The server, as `host:port/database`.
    public var server: String
    /// What went wrong, as PostgreSQL or the connection reported it (no query text, no password).
    public var reason: String

    public var description: String { "cannot open the PostgreSQL store at \(server): \(reason)" }

    /// A readable reason for `error`: the server's message and SQLSTATE, or the connection failure.
    /// (postgres-nio hides both behind a generic description by default.)
    static func reason(for error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return error.underlying.map { "\(error.code): \(reason(for: $0))" } ?? "\(error.code)"
    }
}
