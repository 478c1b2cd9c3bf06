import ArgumentParser
import Foundation
import PatchBayServer
import PatchBayStore

/// Where the store is, for the commands that read or repair it:
/// `serve`'s settings `data` and `store`, read through the same layers as
/// `serve` reads them (flag, environment, config file, default).
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data"),
        help: ArgumentHelp(
            "The data directory holding the SQLite store (env: PATCHBAY_DATA; default: ./data).", valueName: "dir"))
    var dataDirectory: String?

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL URL of a shared store, instead of SQLite in --data (env: PATCHBAY_STORE).", valueName: "url"))
    var store: String?

    @OptionGroup var settings: CommandSettings

    /// The settings `serve` shares with the commands, these flags over the
    /// environment over the config file; `mappings` is the command's own
    /// `--mappings` flag, when it has one. A bad value is a usage error.
    func configuration(mappings: String? = nil) async throws(CommandFailure) -> ServeConfiguration {
        try await settings.load([.data, .store, .mappings], given: [(.data, dataDirectory), (.store, store), (.mappings, mappings)])
    }

    /// Opens the store ``configuration(mappings:)`` names (see ``open(_:creating:)``).
    func open(creating: Bool = false) async throws(CommandFailure) -> any EventStore {
        try await Self.open(try await configuration(), creating: creating)
    }

    /// Opens the store `configuration` names; a missing SQLite store is a usage
    /// error (nothing to read), unless `creating` (a command that writes,
    /// such as an identity import made before the first `serve`).
    static func open(_ configuration: ServeConfiguration, creating: Bool = false) async throws(CommandFailure) -> any EventStore {
        if case .sqlite = configuration.storeLocation, !creating {
            let directory = configuration.dataDirectory
            let file = (directory as NSString).appendingPathComponent(SQLiteStore.fileName)
            guard FileManager.default.fileExists(atPath: file) else {
                throw .usage("no store in \(directory) (expected \(file)); give --data")
            }
        }
        do {
            return try await configuration.openStore()
        } catch {
            throw .failed(error.description)
        }
    }

    /// Opens the store (see ``open(creating:)``), runs `body` with it and closes
    /// it, also when `body` throws.
    func withStore<Result>(creating: Bool = false, _ body: (any EventStore) async throws -> Result) async throws -> Result {
        let store = try await open(creating: creating)
        let result: Result
        do {
            result = try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return result
    }
}
