import Crypto

/// Configured secrets that a presented credential (a password, a shared
/// token) is checked against.
///
/// Only SHA-256 digests are kept and compared, in constant time, so the
/// comparison's timing reveals neither the content nor the length of a secret.
public struct SecretDigests: Sendable {
    private let digests: [SHA256Digest]

    public init(_ secrets: [[UInt8]]) {
        digests = secrets.map { SHA256.hash(data: $0) }
    }

    /// Whether `presented` equals one of the secrets.
    public func matches(_ presented: [UInt8]) -> Bool {
        let digest = SHA256.hash(data: presented)
        var matched = false
        for secret in digests where secret == digest {
            matched = true
        }
        return matched
    }
}
