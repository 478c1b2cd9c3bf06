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

    /// Every mapping file, loaded and checked together (see
    /// ``MappingFiles/loadSet(_:)``).
    public func load() throws(MappingFilesError) -> MappingSet {
        try MappingFiles.loadSet([path])
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
}
