import Foundation
import PatchBayStore
import TestSupport
import Testing

@Suite("PostgreSQL connection URLs and opening a store")
struct PostgresSettingsTests {
    @Test func readsEveryPartOfAURL() throws {
        let settings = try PostgresConnectionSettings(
            url: "postgresql://bridge%40ops:p%2Fss@db.example.com:6543/patchbay?sslmode=verify-full&search_path=bridge")
        #expect(settings.username == "bridge@ops")
        #expect(settings.password == "p/ss")
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.database == "patchbay")
        #expect(settings.tlsMode == .verifyFull)
        #expect(settings.schema == "bridge")
    }

    @Test func defaultsFollowLibpqAndTurnTLSOffOnlyForLoopback() throws {
        let local = try PostgresConnectionSettings(url: "postgres://patchbay@127.0.0.1")
        #expect(local.port == 5432)
        #expect(local.database == "patchbay")
        #expect(local.password == nil)
        #expect(local.tlsMode == .disable)
        #expect(try PostgresConnectionSettings(url: "postgres://u@[::1]:5433/db").host == "::1")
        #expect(try PostgresConnectionSettings(url: "postgres://u@localhost/db").tlsMode == .disable)
        #expect(try PostgresConnectionSettings(url: "postgres://u@db.internal/db").tlsMode == .prefer)
        #expect(try PostgresConnectionSettings(url: "postgres://u@127.0.0.1/db?sslmode=require").tlsMode == .require)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "the scheme is 'mysql'"),
        ("postgres:///db", "no host"),
        ("postgres://h/db", "no user name"),
        ("postgres://u@h/db/extra", "contains '/'"),
        ("postgres://u@h/db?sslmode=always", "sslmode 'always' is not one of disable, prefer, require, verify-ca, verify-full"),
        ("postgres://u@h/db?timeout=3", "unknown parameter 'timeout'"),
        ("postgres://u@h/db?search_path=", "search_path is empty"),
        ("not a url", "is not a URL"),
    ])
    func refusesBadURLsSayingWhy(_ url: String, _ problem: String) {
        #expect {
            try PostgresConnectionSettings(url: url)
        } throws: { error in
            guard case EventStoreError.invalidArgument(let message) = error else { return false }
            return message.contains(problem) && message.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
    }

    @Test func redactsPasswords() {
        #expect(PostgresConnectionSettings.redacted("postgres://u:secret@h/db") == "postgres://u:***@h/db")
        #expect(PostgresConnectionSettings.redacted("postgres://u@h/db") == "postgres://u@h/db")
    }

    @Test func openStoreChoosesTheBackendFromTheURL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-open-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let embedded = try await StoreLocation(url: nil, dataDirectory: directory).open()
        #expect(embedded is SQLiteStore)
        try await embedded.close()
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(SQLiteStore.fileName).path))

        let schema = try await TestPostgres.createSchema()
        let shared = try await StoreLocation(url: try await TestPostgres.url(schema: schema), dataDirectory: directory).open()
        #expect(shared is PostgresStore)
        try await shared.close()
        await TestPostgres.dropSchema(schema)

        await #expect(throws: EventStoreError.self) {
            try await StoreLocation(url: "sqlite:///tmp/x", dataDirectory: directory).open()
        }
    }

    /// The pool's runner used to start in a task of its own, so the first
    /// query could lease a connection before it ran: postgres-nio then logged
    /// a warning ("`PostgresClient.run()` hasn't been called yet") at every
    /// start of an instance.
    @Test func openingTheStoreAndUsingItAtOnceLogsNoWarning() async throws {
        let schema = try await TestPostgres.createSchema()
        let log = RecordedLog()
        let store = try await StoreLocation.postgres(url: try await TestPostgres.url(schema: schema)).open(logger: log.logger())
        _ = try await store.statusCounts()
        try await store.close()
        await TestPostgres.dropSchema(schema)
        #expect(log.all.filter { $0.level >= .warning }.map(\.message) == [])
    }

    @Test func anUnreachableServerFailsToOpenWithAClearError() async throws {
        await #expect {
            try await StoreLocation.postgres(url: "postgres://patchbay@127.0.0.1:1/patchbay").open()
        } throws: { error in
            String(describing: error).hasPrefix("cannot open the PostgreSQL store at 127.0.0.1:1/patchbay: ")
        }
    }

    @Test func aMissingDatabaseIsNamedInTheError() async throws {
        var components = try #require(URLComponents(string: try await TestPostgres.baseURL()))
        components.path = "/patchbay_missing_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try #require(components.string)
        await #expect {
            try await StoreLocation.postgres(url: url).open()
        } throws: { error in
            String(describing: error).contains("does not exist")
        }
    }
}
