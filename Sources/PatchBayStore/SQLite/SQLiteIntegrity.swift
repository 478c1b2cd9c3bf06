import GRDB

/// The check a SQLite store passes before it is used: `PRAGMA quick_check`
/// (every page and index entry well formed, without the slower cross-checks
/// of `integrity_check`). A damaged log refuses commits at random, so the
/// bridge must not start on one and answer 503 to every delivery.
enum SQLiteIntegrity {
    /// The database at `path`, opened and checked.
    ///
    /// - Throws: ``EventStoreError/damaged(_:)`` naming `path`, what was
    ///   found and how to recover, when the database is damaged (also when
    ///   opening it already fails on a malformed page).
    static func open(path: String) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: path, configuration: connectionConfiguration)
            let findings = try pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            guard findings == ["ok"] else { throw damaged(path, findings) }
            return pool
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode) {
            throw damaged(path, [error.message ?? "\(error)"])
        }
    }

    /// How the store's connections are set up:
    /// - a connection that finds the write lock taken by another process (a
    ///   `patchbay identities import` or `replay` beside a running `serve`)
    ///   waits up to 10 s for it instead of failing at once with
    ///   `SQLITE_BUSY` (which `serve` would answer with a 503);
    /// - the writer keeps up to 32 MiB of pages in its cache (SQLite's
    ///   default is 2 MiB): the identity index takes inserts at random
    ///   places, which otherwise read their B-tree pages back from the file
    ///   system on nearly every statement. Readers keep the default.
    static var connectionConfiguration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -32768") }
        }
        return configuration
    }

    private static func damaged(_ path: String, _ findings: [String]) -> EventStoreError {
        .damaged(
            "the SQLite store \(path) is damaged (PRAGMA quick_check: \(findings.prefix(3).joined(separator: "; ")))."
                + " Stop every process using it, keep a copy of the data directory, and recover it as docs/store.md says"
                + " (sqlite3 \(path) .recover | sqlite3 recovered.sqlite)")
    }
}
