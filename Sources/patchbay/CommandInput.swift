#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input a command reads: a file named on the command line, or standard
/// input for `-` or no name.
struct CommandInput {
    /// The bytes read.
    let bytes: [UInt8]
    /// How to name the input in messages: the path, or `standard input`.
    let name: String

    /// Reads all of `path`, or of standard input when `path` is `nil` or `-`.
    ///
    /// - Throws: ``CommandFailure/failed(_:)`` naming the file and the
    ///   system's reason, e.g. `cannot read x.json: No such file or directory`.
    init(reading path: String?) throws(CommandFailure) {
        guard let path, path != "-" else {
            name = "standard input"
            bytes = try Self.readAll(from: STDIN_FILENO, name: name)
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Self.failure(reading: path) }
        defer { close(descriptor) }
        name = path
        bytes = try Self.readAll(from: descriptor, name: path)
    }

    private static func readAll(from descriptor: Int32, name: String) throws(CommandFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(reading: name)
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The failure for the current `errno`.
    static func failure(reading name: String) -> CommandFailure {
        .failed("cannot read \(name): \(String(cString: strerror(errno)))")
    }
}
