import Foundation
import Synchronization

/// Where log lines go, one whole line at a time even when many threads log.
public final class LogOutput: Sendable {
    private let write: Mutex<@Sendable (String) -> Void>

    /// Lines go to `write` (each without its line break), under a lock.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = Mutex(write)
    }

    /// Standard error.
    public static let standardError = LogOutput { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func emit(_ line: String) {
        write.withLock { $0(line) }
    }
}
