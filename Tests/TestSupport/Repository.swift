import Foundation

/// The checkout the tests run from, for tests that read its files (the
/// shipped mappings, the manifest, the sources).
public enum Repository {
    /// The repository's root directory, found from this file's place in it.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
