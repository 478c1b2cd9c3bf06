import GRDB

/// The check a SQLite log passes before it is used: `PRAGMA quick_check`
/// (every page and index entry well formed, without the slower cross-checks
/// of `integrity_check`). A damaged log refuses commits at random, so the
/// bridge must not start on one and answer 503 to every delivery.
enum SQLiteIntegrity {
    /// The database at `path`, opened and checked.
    ///
    /// - Throws: ``PatchBayStoreError/damaged(_:)`` naming `path`, what was
    ///   found and how to recover, when the database is damaged (also when
    ///   opening it already fails on a malformed page).
    static func open(path: String) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: path)
            let findings = try pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            guard findings == ["ok"] else { throw damaged(path, findings) }
            return pool
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode) {
            throw damaged(path, [error.message ?? "\(error)"])
        }
    }

    private static func damaged(_ path: String, _ findings: [String]) -> PatchBayStoreError {
        .damaged(
            "the SQLite log \(path) is damaged (PRAGMA quick_check: \(findings.prefix(3).joined(separator: "; ")))."
                + " Stop every process using it, keep a copy of the data directory, and recover it as docs/store.md says"
                + " (sqlite3 \(path) .recover | sqlite3 recovered.sqlite)")
    }
}
