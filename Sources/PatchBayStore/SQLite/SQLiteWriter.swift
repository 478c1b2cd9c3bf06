import GRDB
import Synchronization

/// The store's writes, getting a full disk's space back once it returns.
///
/// While the disk is full, commits fail and the write-ahead log cannot be
/// checkpointed (that needs room in the database file), so it keeps its
/// size; when space is freed, appending commits would take it again before
/// a checkpoint could run, and the store would stay full. So after a write
/// fails with `SQLITE_FULL`, each write first tries to checkpoint the whole
/// log into the database and truncate it, until that succeeds.
final class SQLiteWriter: Sendable {
    private let pool: DatabasePool
    private let checkpointPending = Atomic(false)

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `updates` in a write transaction.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await guarded { try await pool.write(updates) }
    }

    /// Runs `updates`, which open and close their transactions themselves,
    /// with exclusive access to the writer connection.
    func writeInOwnTransactions<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await guarded { try await pool.writeWithoutTransaction(updates) }
    }

    private func guarded<T: Sendable>(_ write: () async throws -> T) async throws -> T {
        if checkpointPending.load(ordering: .relaxed) {
            try? await checkpoint()
        }
        do {
            return try await write()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            checkpointPending.store(true, ordering: .relaxed)
            throw error
        }
    }

    /// Copies the whole log into the database and truncates it; throws while
    /// there is no room for that or readers still use the log.
    func checkpoint() async throws {
        _ = try await pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        checkpointPending.store(false, ordering: .relaxed)
    }
}
