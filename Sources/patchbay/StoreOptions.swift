import ArgumentParser
import Foundation
import PatchBayStore

/// Where the idempotency log is, for the commands that read or repair it.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The data directory holding the SQLite log (env: PATCHBAY_DATA; default: ./data).", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp(
        "The PostgreSQL URL of a shared store, instead of SQLite in --data (env: PATCHBAY_STORE).", valueName: "url"))
    var store: String?

    /// The data directory: the flag, else `PATCHBAY_DATA`, else `./data`.
    var resolvedDataDirectory: String {
        dataDirectory ?? ProcessInfo.processInfo.environment["PATCHBAY_DATA"] ?? "./data"
    }

    /// The store settings: the identity key from `PATCHBAY_IDENTITY_KEY` or
    /// the data directory (see ``IdentityKeyFile``).
    private func settings() throws(CommandFailure) -> StoreSettings {
        var settings = StoreSettings()
        do {
            settings.identityKey = try IdentityKeyFile.load(
                dataDirectory: URL(fileURLWithPath: resolvedDataDirectory),
                environmentValue: ProcessInfo.processInfo.environment[IdentityKeyFile.environmentVariable])
        } catch {
            throw .failed("cannot read the identity key: \(error)")
        }
        return settings
    }

    /// Opens the log; a missing SQLite log is a usage error (nothing to read),
    /// unless `creating` (a command that writes, such as an identity import
    /// made before the first `serve`).
    func open(creating: Bool = false) async throws -> any PatchBayStore {
        if let url = store ?? ProcessInfo.processInfo.environment["PATCHBAY_STORE"], !url.isEmpty {
            do {
                return try await openStore(url: url, dataDirectory: URL(fileURLWithPath: resolvedDataDirectory), settings: try settings())
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.failed("cannot open the shared store: \(error)")
            }
        }
        let directory = resolvedDataDirectory
        let file = (directory as NSString).appendingPathComponent(SQLiteStore.fileName)
        guard creating || FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure.usage("no idempotency log in \(directory) (expected \(file)); give --data")
        }
        var configuration = SQLiteStoreConfiguration()
        configuration.settings = try settings()
        do {
            return try SQLiteStore(directory: URL(fileURLWithPath: directory), configuration: configuration)
        } catch {
            throw CommandFailure.failed("cannot open the idempotency log in \(directory): \(error)")
        }
    }

    /// Opens the log (see ``open(creating:)``), runs `body` with it and closes
    /// it, also when `body` throws.
    func withLog<Result>(creating: Bool = false, _ body: (any PatchBayStore) async throws -> Result) async throws -> Result {
        let log = try await open(creating: creating)
        let result: Result
        do {
            result = try await body(log)
        } catch {
            try? await log.close()
            throw error
        }
        try await log.close()
        return result
    }
}
