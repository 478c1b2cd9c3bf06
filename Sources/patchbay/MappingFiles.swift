import Foundation
import PatchBayCore
import PatchBayServer

/// Reads mapping files from disk for the commands: the I/O half of loading,
/// whose pure half is in PatchBayCore.
enum MappingFiles {
    /// The mapping files at `paths`: each file as given, and every `*.json`
    /// file directly inside each directory except `*.schema.json` (customer
    /// schemas may sit beside the mappings), sorted by name.
    static func collect(_ paths: [String]) throws(CommandFailure) -> [(path: String, contents: [UInt8])] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .usage("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try MappingDirectory.mappingFileNames(in: path)
                } catch {
                    throw .usage("cannot list directory \(path): \(error.localizedDescription)")
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

    /// The bytes of `path`; the reader mappings use for files they refer to.
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .failed("cannot read \(path)")
        }
        return Array(data)
    }

    /// The mapping set in `paths`, all valid; otherwise every problem is
    /// written to standard error and the command fails.
    static func loadSet(_ paths: [String]) throws(CommandFailure) -> MappingSet {
        do {
            return try MappingSet(files: try collect(paths)) { path in try read(path) }
        } catch let failure as MappingLoadFailure {
            for problem in failure.problems {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
            }
            throw .failed("the mappings in \(paths.joined(separator: ", ")) have \(failure.problems.count) problem(s); run 'patchbay check'")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .failed("\(error)")
        }
    }

    /// The mapping of `source` among the mapping files of `directory`; the
    /// directory's problems are printed and fail the command, an unknown
    /// source is a usage error naming the known ones.
    static func mapping(of source: String, in directory: String) throws(CommandFailure) -> Mapping {
        let files = try collect([directory])
        let set: MappingSet
        do {
            set = try MappingSet(files: files) { path in try read(path) }
        } catch {
            error.problems.forEach { print($0) }
            throw .failed("the mappings in \(directory) have \(error.problems.count) problem(s); run 'patchbay check \(directory)'")
        }
        guard let mapping = set[source] else {
            throw .usage("unknown source '\(source)' (known: \(set.sources.joined(separator: ", ")))")
        }
        return mapping
    }
}
