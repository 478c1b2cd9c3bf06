import ArgumentParser
import Foundation
import PatchBayStore

/// Where the idempotency log is, for the commands that read or repair it.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The data directory holding the SQLite log (env: PATCHBAY_DATA; default: ./data).", valueName: "dir"))
    var dataDirectory: String?

    /// The data directory: the flag, else `PATCHBAY_DATA`, else `./data`.
    var resolvedDataDirectory: String {
        dataDirectory ?? ProcessInfo.processInfo.environment["PATCHBAY_DATA"] ?? "./data"
    }

    /// Opens the log; a missing one is a usage error (nothing to read).
    func open() throws -> any PatchBayStore {
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
