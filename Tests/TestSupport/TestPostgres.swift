import Foundation
import PatchBayStore
import PostgresNIO

/// The PostgreSQL server the tests use: `PATCHBAY_TEST_POSTGRES_URL` when set
/// (a server of your own, e.g. a CI service), else a ``LocalPostgresServer``
/// started once per test process and shared by every test target. Each test
/// works in a schema of its own.
public enum TestPostgres {
    private static let server = Task<String, any Error> {
        if let url = ProcessInfo.processInfo.environment["PATCHBAY_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        return try await LocalPostgresServer.start()
    }

    /// The server's URL.
    public static func baseURL() async throws -> String {
        try await server.value
    }

    /// The server's URL with `search_path` set to `schema`.
    public static func url(schema: String) async throws -> String {
        let base = try await baseURL()
        return base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
    }

    /// Creates a fresh, empty schema; returns its name.
    public static func createSchema() async throws -> String {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await execute("CREATE SCHEMA \(unescaped: name)")
        return name
    }

    /// Drops a schema made by ``createSchema()`` with everything in it.
    public static func dropSchema(_ name: String) async {
        try? await execute("DROP SCHEMA IF EXISTS \(unescaped: name) CASCADE")
    }

    /// Runs one statement on a short-lived connection.
    public static func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// The single integer a query returns.
    public static func count(_ query: PostgresQuery) async throws -> Int? {
        try await rows(query).first?.decode(Int.self)
    }

    /// Runs one query on a short-lived connection and returns its rows.
    public static func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let settings = try PostgresConnectionSettings(url: try await baseURL())
        let client = PostgresClient(configuration: settings.clientConfiguration(maximumConnections: 1))
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        return try await client.query(query).collect()
    }
}
