import Foundation
import PatchBayCore
import PatchBayStore
import TestSupport

/// Settings every store implementation understands, for tests.
struct StoreOptions: Sendable {
    var instanceId = "test-instance"
    var leaseDuration: TimeInterval = 300
    var mergeLimit = 100
    var maintenanceBatchSize = 500
    var identityKey: IdentityKey? = IdentityKey(bytes: [UInt8](repeating: 7, count: IdentityKey.byteCount))

    var settings: StoreSettings {
        var settings = StoreSettings()
        settings.instanceId = instanceId
        settings.leaseDuration = leaseDuration
        settings.mergeLimit = mergeLimit
        settings.maintenanceBatchSize = maintenanceBatchSize
        settings.identityKey = identityKey
        return settings
    }
}

/// The store implementations the contract suite runs against.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    /// On `PATCHBAY_TEST_POSTGRES_URL`, or a server the tests start (see ``TestPostgres``).
    case postgres

    var description: String { rawValue }

    func makeHarness() async throws -> any StoreHarness {
        switch self {
        case .sqlite: SQLiteHarness()
        case .postgres: try await PostgresHarness()
        }
    }
}

/// Opens stores on one fresh database; every `open` reaches the same data.
protocol StoreHarness: Sendable {
    func open(_ options: StoreOptions) async throws -> any EventStore
    /// Deletes the database.
    func destroy() async
}

/// A SQLite store in a temporary directory.
struct SQLiteHarness: StoreHarness {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("patchbay-store-tests-\(UUID().uuidString)")

    func open(_ options: StoreOptions) async throws -> any EventStore {
        try SQLiteStore(directory: directory, configuration: configuration(options))
    }

    func configuration(_ options: StoreOptions) -> SQLiteStoreConfiguration {
        var configuration = SQLiteStoreConfiguration()
        configuration.settings = options.settings
        return configuration
    }

    func destroy() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A PostgreSQL store in a schema of its own on the test server.
struct PostgresHarness: StoreHarness {
    let schema: String
    let url: String

    init() async throws {
        schema = try await TestPostgres.createSchema()
        url = try await TestPostgres.url(schema: schema)
    }

    func open(_ options: StoreOptions) async throws -> any EventStore {
        try await PostgresStore(configuration: configuration(options))
    }

    func configuration(_ options: StoreOptions) throws -> PostgresStoreConfiguration {
        var configuration = try PostgresStoreConfiguration(url: url)
        configuration.settings = options.settings
        configuration.maximumConnections = 4
        return configuration
    }

    func destroy() async {
        await TestPostgres.dropSchema(schema)
    }
}

/// Runs `body` with a harness on a fresh database, then deletes it.
func withHarness<Result>(
    _ backend: StoreBackend, _ body: (any StoreHarness) async throws -> Result
) async throws -> Result {
    let harness = try await backend.makeHarness()
    do {
        let result = try await body(harness)
        await harness.destroy()
        return result
    } catch {
        await harness.destroy()
        throw error
    }
}

/// Runs `body` with a store opened on a fresh database, then closes and deletes it.
@discardableResult
func withStore<Result>(
    _ backend: StoreBackend, _ options: StoreOptions = StoreOptions(),
    _ body: (any EventStore) async throws -> Result
) async throws -> Result {
    try await withHarness(backend) { harness in
        let store = try await harness.open(options)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}
