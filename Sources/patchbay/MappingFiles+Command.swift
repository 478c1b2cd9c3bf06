import Foundation
import PatchBayCore
import PatchBayServer

/// The commands' side of ``MappingFiles``: its errors as command failures.
extension MappingFiles {
    /// The mapping files at `paths` (see ``MappingFiles/collect(_:)``); a
    /// path that is missing or cannot be listed is a usage error.
    static func commandFiles(_ paths: [String]) throws(CommandFailure) -> [(path: String, contents: [UInt8])] {
        do throws(MappingFilesError) {
            return try collect(paths)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The mapping set in `paths`, all valid; otherwise every problem is
    /// written to standard error and the command fails.
    static func commandSet(_ paths: [String]) throws(CommandFailure) -> MappingSet {
        do throws(MappingFilesError) {
            return try loadSet(paths)
        } catch .invalid(let failure) {
            for problem in failure.problems {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
            }
            throw .failed("the mappings in \(paths.joined(separator: ", ")) have \(failure.problems.count) problem(s); run 'patchbay check'")
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The mapping of `source` among the mapping files of `directory`; the
    /// directory's problems are printed and fail the command, an unknown
    /// source is a usage error naming the known ones.
    static func mapping(of source: String, in directory: String) throws(CommandFailure) -> Mapping {
        let set: MappingSet
        do throws(MappingFilesError) {
            set = try loadSet([directory])
        } catch .invalid(let failure) {
            failure.problems.forEach { print($0) }
            throw .failed("the mappings in \(directory) have \(failure.problems.count) problem(s); run 'patchbay check \(directory)'")
        } catch {
            throw CommandFailure(error)
        }
        guard let mapping = set[source] else {
            throw .usage("unknown source '\(source)' (known: \(set.sources.joined(separator: ", ")))")
        }
        return mapping
    }
}

extension CommandFailure {
    /// Paths given that are missing or cannot be listed are usage errors;
    /// files that cannot be read or hold problems fail the work.
    init(_ error: MappingFilesError) {
        switch error {
        case .missing, .unlistable: self = .usage(error.description)
        case .unreadable, .invalid: self = .failed(error.description)
        }
    }
}
