import Foundation
import Logging

extension StoreLocation {
    /// Opens the store here: the embedded SQLite store in its directory, or
    /// the shared PostgreSQL store at its URL.
    ///
    /// - Parameters:
    ///   - settings: Leases, merging, group commit, maintenance; give each instance of a shared store its own stable
    ///     ``StoreSettings/instanceId``.
    ///   - durability: The SQLite commit durability (PostgreSQL follows the server's `synchronous_commit`).
    ///   - maximumConnections: The PostgreSQL connection pool size.
    /// - Throws: ``EventStoreError/invalidArgument(_:)`` for a bad URL (see ``PostgresConnectionSettings/init(url:)``)
    ///   or setting, ``PostgresStoreError`` when the server cannot be reached, or the SQLite error when the file cannot be
    ///   opened.
    public func open(
        settings: StoreSettings = StoreSettings(), durability: SQLiteStoreConfiguration.Durability = .normal,
        maximumConnections: Int = 10, logger: Logger = Logger(label: "patchbay.store")
    ) async throws -> any EventStore {
        switch self {
        case .sqlite(let directory):
            var configuration = SQLiteStoreConfiguration()
            configuration.settings = settings
            configuration.durability = durability
            return try SQLiteStore(directory: directory, configuration: configuration)
        case .postgres(let url):
            var configuration = try PostgresStoreConfiguration(url: url)
            configuration.settings = settings
            configuration.maximumConnections = maximumConnections
            return try await PostgresStore(configuration: configuration, logger: logger)
        }
    }
}
