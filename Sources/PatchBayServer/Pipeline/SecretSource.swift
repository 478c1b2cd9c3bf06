import Foundation
import PatchBayCore

/// Reads what a ``SecretReference`` names: an environment variable, or a
/// file (trailing line breaks are part of the text; ``SecretReference/secrets(in:)``
/// trims each line).
public struct SecretSource: Sendable {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The text, or `nil` when the variable is unset; a file that cannot be
    /// read is an error.
    public func read(_ reference: SecretReference) throws -> String? {
        switch reference {
        case .environment(let name):
            return environment[name]
        case .file(let path):
            return String(decoding: try FileContents.read(path), as: UTF8.self)
        }
    }
}
