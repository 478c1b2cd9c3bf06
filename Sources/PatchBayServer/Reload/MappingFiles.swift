import Foundation
import PatchBayCore

/// Reads mapping files from disk, for every command and for each reload of
/// `serve`: the I/O half of loading, whose pure half is ``MappingSet`` in
/// PatchBayCore.
public enum MappingFiles {
    /// The mapping files in `directory`: every `*.json` directly inside it but
    /// `*.schema.json` (customer schemas may sit beside the mappings), sorted.
    private static func mappingFileNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
    }

    /// The mapping files at `paths`: each file as given, and the mapping
    /// files of each directory (see ``mappingFileNames(in:)``), each file once.
    public static func collect(_ paths: [String]) throws(MappingFilesError) -> [(path: String, contents: [UInt8])] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .missing(path)
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try mappingFileNames(in: path)
                } catch {
                    throw .unlistable(path, reason: error.localizedDescription)
                }
                let directory = path.hasSuffix("/") ? path : path + "/"
                files += names.map { directory + $0 }
            } else {
                files.append(path)
            }
        }
        var seen: Set<String> = []
        var result: [(path: String, contents: [UInt8])] = []
        for file in files where seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted {
            result.append((path: file, contents: try read(file)))
        }
        return result
    }

    /// The bytes of `path`; also the reader mappings use for the files they
    /// refer to (their customer schemas).
    public static func read(_ path: String) throws(MappingFilesError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return Array(data)
    }

    /// The mapping set in `paths`, loaded and checked together.
    ///
    /// - Throws: ``MappingFilesError``, with every problem of every file
    ///   when they cannot all be loaded.
    public static func loadSet(_ paths: [String]) throws(MappingFilesError) -> MappingSet {
        let files = try collect(paths)
        do {
            return try MappingSet(files: files) { path in try read(path) }
        } catch {
            throw .invalid(error)
        }
    }
}

/// Why mapping files could not be loaded.
public enum MappingFilesError: Error, Sendable, CustomStringConvertible {
    /// A path given does not exist.
    case missing(String)
    /// A directory cannot be listed.
    case unlistable(String, reason: String)
    /// A file cannot be read.
    case unreadable(String)
    /// The files were read, and have problems.
    case invalid(MappingLoadFailure)

    /// One line per thing to fix.
    public var problems: [String] {
        switch self {
        case .missing(let path): ["no such file or directory: \(path)"]
        case .unlistable(let path, let reason): ["cannot list directory \(path): \(reason)"]
        case .unreadable(let path): ["cannot read \(path)"]
        case .invalid(let failure): failure.problems.map(\.description)
        }
    }

    public var description: String { problems.joined(separator: "\n") }
}
