import Foundation
import PatchBayStore

/// Settings every store implementation understands, for tests.
struct StoreOptions: Sendable {
    var leaseDuration: TimeInterval = 300
    var mergeLimit = 100
    var maintenanceBatchSize = 500
}

/// The store implementations the contract suite runs against.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite

    var description: String { rawValue }

    func makeHarness() throws -> any StoreHarness {
        switch self {
        case .sqlite: SQLiteHarness()
        }
    }
}

/// Opens stores on one fresh database; every `open` reaches the same data.
protocol StoreHarness: Sendable {
    func open(_ options: StoreOptions) async throws -> any PatchBayStore
    /// Deletes the database.
    func destroy()
}

/// A SQLite store in a temporary directory.
struct SQLiteHarness: StoreHarness {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("patchbay-store-tests-\(UUID().uuidString)")

    func open(_ options: StoreOptions) async throws -> any PatchBayStore {
        try SQLiteStore(directory: directory, configuration: configuration(options))
    }

    func configuration(_ options: StoreOptions) -> SQLiteStoreConfiguration {
        var configuration = SQLiteStoreConfiguration()
        configuration.instanceId = "test-instance"
        configuration.leaseDuration = options.leaseDuration
        configuration.mergeLimit = options.mergeLimit
        configuration.maintenanceBatchSize = options.maintenanceBatchSize
        return configuration
    }

    func destroy() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a store opened on a fresh database, then closes and deletes it.
@discardableResult
func withStore<Result>(
    _ backend: StoreBackend, _ options: StoreOptions = StoreOptions(),
    _ body: (any PatchBayStore) async throws -> Result
) async throws -> Result {
    let harness = try backend.makeHarness()
    defer { harness.destroy() }
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
