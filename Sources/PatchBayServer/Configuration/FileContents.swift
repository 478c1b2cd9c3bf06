import SystemPackage

/// Reads a secret file whole, failing with the operating system's reason
/// (`No such file or directory`, `Permission denied`), so an operator sees why.
enum FileContents {
    static func read(_ path: String) throws(FileReadError) -> [UInt8] {
        do {
            let file = try FileDescriptor.open(FilePath(path), .readOnly)
            defer { try? file.close() }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
            }
        } catch {
            throw FileReadError(path: path, reason: "\(error)")
        }
    }
}

/// A file that does not exist or cannot be read, with the system's reason.
struct FileReadError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "cannot read \(path): \(reason)" }
}
