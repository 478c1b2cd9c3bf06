import PatchBayCore
import PatchBayServer
import Synchronization

/// Collects the lines a ``StructuredLogHandler`` writes, for assertions.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    /// The output to give the handler.
    var output: LogOutput {
        LogOutput { line in self.lines.withLock { $0.append(line) } }
    }

    /// Every line so far.
    var all: [String] { lines.withLock { $0 } }

    /// Every line so far, parsed as JSON objects (a line that is not is an error).
    func objects() throws -> [JSONValue] {
        try all.map { try JSONParser().parse(Array($0.utf8)) }
    }

    /// The parsed lines whose message is `message`.
    func withMessage(_ message: String) throws -> [JSONValue] {
        try objects().filter { $0["message"]?.stringValue == message }
    }
}
