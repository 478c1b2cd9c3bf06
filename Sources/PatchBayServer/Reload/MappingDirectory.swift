import Foundation
import PatchBayCore

/// A directory of mapping files, one per source: read as a whole
/// ``MappingSet``, and fingerprinted so a change to any file in it — an
/// in-place write, an atomic replace, a new file, a deletion — is noticed.
public struct MappingDirectory: Sendable {
    /// The directory.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The mapping files in `directory`: every `*.json` directly inside it but
    /// `*.schema.json` (customer schemas may sit beside the mappings), sorted.
    public static func mappingFileNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
    }

    /// Every mapping file, loaded and checked together.
    ///
    /// - Throws: ``MappingDirectoryError`` with every problem of every file.
    public func load() throws(MappingDirectoryError) -> MappingSet {
        let files: [(path: String, contents: [UInt8])]
        do {
            files = try Self.mappingFileNames(in: path).map { name in
                let file = (path as NSString).appendingPathComponent(name)
                return (path: file, contents: try Self.read(file))
            }
        } catch {
            throw MappingDirectoryError(problems: ["\(path): \(Self.reason(error))"])
        }
        do {
            return try MappingSet(files: files, readFile: Self.read)
        } catch {
            throw MappingDirectoryError(problems: error.problems.map(\.description))
        }
    }

    /// What the directory holds now: each entry's name, inode, size and
    /// modification time. Equal fingerprints mean nothing changed.
    public func fingerprint() -> Fingerprint {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return Fingerprint(entries: [:]) }
        var entries: [String: Fingerprint.Entry] = [:]
        for name in names {
            let attributes = try? FileManager.default.attributesOfItem(atPath: (path as NSString).appendingPathComponent(name))
            entries[name] = Fingerprint.Entry(
                inode: (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                size: (attributes?[.size] as? NSNumber)?.uint64Value ?? 0,
                modified: (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        }
        return Fingerprint(entries: entries)
    }

    /// The state of a directory's entries.
    public struct Fingerprint: Sendable, Equatable {
        struct Entry: Sendable, Equatable {
            var inode: UInt64
            var size: UInt64
            var modified: TimeInterval
        }

        let entries: [String: Entry]
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UnreadableFile(path: path) }
        return Array(data)
    }

    private static func reason(_ error: any Error) -> String {
        (error as? UnreadableFile)?.description ?? "cannot be listed: \(error.localizedDescription)"
    }
}

/// Why a mapping directory could not be loaded: one line per problem.
public struct MappingDirectoryError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}

/// A file that does not exist or cannot be read.
struct UnreadableFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot read \(path)" }
}
