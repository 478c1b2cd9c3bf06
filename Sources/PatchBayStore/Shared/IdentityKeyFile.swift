import Foundation
import PatchBayCore

/// Where an instance's identity key comes from: `PATCHBAY_IDENTITY_KEY`
/// (64 hexadecimal digits; set the same on every instance of a shared
/// store), else the file `identity.key` in the data directory, created with
/// a random key, readable by its owner only, the first time it is needed.
public enum IdentityKeyFile {
    /// The file's name in the data directory.
    public static let fileName = "identity.key"
    /// The environment variable that overrides the file.
    public static let environmentVariable = "PATCHBAY_IDENTITY_KEY"

    /// The key from `environmentValue` when given, else from (or newly
    /// written to) the file in `dataDirectory`.
    public static func load(dataDirectory: URL, environmentValue: String?) throws -> IdentityKey {
        if let environmentValue {
            guard let key = IdentityKey(text: environmentValue) else {
                throw EventStoreError.invalidArgument(
                    "\(environmentVariable) is not 64 hexadecimal digits (a 256-bit key, e.g. from 'openssl rand -hex 32')")
            }
            return key
        }
        let url = dataDirectory.appendingPathComponent(fileName)
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            guard let key = IdentityKey(text: text) else {
                throw EventStoreError.invalidArgument(
                    "\(url.path) does not hold a key of 64 hexadecimal digits; restore it from a backup (every hashed identity depends on it)")
            }
            return key
        }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let key = IdentityKey.random()
        guard FileManager.default.createFile(atPath: url.path, contents: Data((key.text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw EventStoreError.invalidArgument("cannot write the identity key to \(url.path)")
        }
        return key
    }
}
