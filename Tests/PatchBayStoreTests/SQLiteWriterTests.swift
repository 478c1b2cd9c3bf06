import Foundation
import GRDB
import Testing

@testable import PatchBayStore

/// A full disk: once a write failed with SQLITE_FULL, the next write first
/// checkpoints the write-ahead log into the database and truncates it, so the
/// log does not eat the space that comes back.
@Suite struct SQLiteWriterTests {
    @Test func afterAFullDiskTheNextWriteFirstEmptiesTheLog() async throws {
        let harness = SQLiteHarness()
        defer { harness.destroy() }
        try FileManager.default.createDirectory(at: harness.directory, withIntermediateDirectories: true)
        let path = harness.directory.appendingPathComponent("full.sqlite").path
        let pool = try DatabasePool(path: path)
        let writer = SQLiteWriter(pool: pool)
        try await writer.write { try $0.execute(sql: "CREATE TABLE blob (value BLOB)") }
        try await writer.write { try $0.execute(sql: "INSERT INTO blob VALUES (zeroblob(100000))") }
        // The database may not grow: the next insert fails as on a full disk.
        let pages = try await pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        try await pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = \(pages)") }
        let failure = await #expect(throws: DatabaseError.self) {
            try await writer.write { try $0.execute(sql: "INSERT INTO blob VALUES (zeroblob(100000))") }
        }
        #expect(failure?.resultCode == .SQLITE_FULL)
        #expect(try Self.size(of: path + "-wal") > 0)

        try await pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = 1000000") }
        let logSizeSeenByTheWrite = try await writer.write { _ in try Self.size(of: path + "-wal") }
        #expect(logSizeSeenByTheWrite == 0)
        try await writer.write { try $0.execute(sql: "INSERT INTO blob VALUES (zeroblob(100000))") }
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM blob") } == 2)
        try pool.close()
    }

    private static func size(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
