import Foundation
import Logging

/// Opens the store `serve` uses: the shared PostgreSQL store when `url` is a
/// `postgres://…` URL (`--store`), else the embedded SQLite store in
/// `dataDirectory` (`--data`).
///
/// - Parameters:
///   - url: `nil` or empty for SQLite; otherwise a PostgreSQL URL (see ``PostgresConnectionSettings/init(url:)``).
///   - dataDirectory: Where the SQLite store lives (unused with PostgreSQL).
///   - settings: Leases, merging, group commit, maintenance; give each instance of a shared store its own stable
///     ``StoreSettings/instanceId``.
///   - durability: The SQLite commit durability (PostgreSQL follows the server's `synchronous_commit`).
///   - maximumConnections: The PostgreSQL connection pool size.
/// - Throws: ``PatchBayStoreError/invalidArgument(_:)`` for a bad URL or setting, ``PostgresStoreError`` when the
///   server cannot be reached, or the SQLite error when the file cannot be opened.
public func openStore(
    url: String?, dataDirectory: URL, settings: StoreSettings = StoreSettings(),
    durability: SQLiteStoreConfiguration.Durability = .normal, maximumConnections: Int = 10,
    logger: Logger = Logger(label: "patchbay.store")
) async throws -> any PatchBayStore {
    guard let url, !url.isEmpty else {
        var configuration = SQLiteStoreConfiguration()
        configuration.settings = settings
        configuration.durability = durability
        return try SQLiteStore(directory: dataDirectory, configuration: configuration)
    }
    var configuration = try PostgresStoreConfiguration(url: url)
    configuration.settings = settings
    configuration.maximumConnections = maximumConnections
    return try await PostgresStore(configuration: configuration, logger: logger)
}
