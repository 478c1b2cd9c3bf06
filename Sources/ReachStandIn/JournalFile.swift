import Foundation
import Synchronization

/// Appends each completed journal entry to a file as one JSON object per
/// line (the shape `GET /_mock/requests` lists), so the journal outlives the
/// mock Reach process — fault suites stop and restart it mid-run.
public final class JournalFile: Sendable {
    private let handle: Mutex<FileHandle>

    /// Opens `path` for appending, creating it if needed.
    ///
    /// - Throws: when the file cannot be created or opened.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        self.handle = Mutex(handle)
    }

    /// Appends `entry`; a failed write is ignored, as the in-memory journal still has it.
    public func append(_ entry: JournalEntry) {
        let line = Data((entry.json.serialized() + "\n").utf8)
        _ = handle.withLock { try? $0.write(contentsOf: line) }
    }
}
