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

    /// Opens the log; a missing SQLite log is a usage error (nothing to read).
    func open() async throws -> any PatchBayStore {
        if let url = store ?? ProcessInfo.processInfo.environment["PATCHBAY_STORE"], !url.isEmpty {
            do {
                return try await openStore(url: url, dataDirectory: URL(fileURLWithPath: resolvedDataDirectory))
            } catch {
                throw CommandFailure.failed("cannot open the shared store: \(error)")
            }
        }
        let directory = resolvedDataDirectory
        let file = (directory as NSString).appendingPathComponent(SQLiteStore.fileName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure.usage("no idempotency log in \(directory) (expected \(file)); give --data")
        }
        do {
            return try SQLiteStore(directory: URL(fileURLWithPath: directory))
        } catch {
            throw CommandFailure.failed("cannot open the idempotency log in \(directory): \(error)")
        }
    }
}
