import Foundation
import GRDB
import PatchBayStore
import Testing

/// A SQLite store with damaged interior pages is refused when it opens, with
/// how to recover, instead of starting and failing every commit.
@Suite struct SQLiteIntegrityTests {
    @Test func aLogWithCorruptInteriorPagesIsRefusedWithTheWayToRecover() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-integrity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(SQLiteStore.fileName).path
        _ = try SQLiteStore(directory: directory)
        // Enough rows for a B-tree of several levels, then a third of its pages in the middle damaged.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
            for id in 0..<3000 {
                try db.execute(sql: "INSERT INTO filler (text) VALUES (?)", arguments: [String(repeating: "x", count: 100 + id % 50)])
            }
        }
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        _ = try SQLiteStore(directory: directory)  // sound: opens

        let file = try FileHandle(forUpdatingAtPath: path).unwrap()
        let pages = Int(try file.seekToEnd()) / 4096
        for page in stride(from: pages / 3, to: pages * 2 / 3, by: 3) {
            try file.seek(toOffset: UInt64(page * 4096))
            try file.write(contentsOf: Data(repeating: 0xA5, count: 64))
        }
        try file.close()

        #expect {
            try SQLiteStore(directory: directory)
        } throws: { error in
            guard case EventStoreError.damaged(let message) = error else { return false }
            return message.hasPrefix("the SQLite store \(path) is damaged (PRAGMA quick_check: ") && message.contains("docs/store.md")
        }
    }
}

extension Optional {
    fileprivate func unwrap() throws -> Wrapped {
        guard let self else { throw CocoaError(.fileNoSuchFile) }
        return self
    }
}
