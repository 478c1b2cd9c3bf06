import Crypto

/// The hash function under an HMAC signature.
public enum HMACAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha1
    case sha256
    case sha512

    /// Whether the HMAC of `message` (its parts concatenated) under any of
    /// `keys` equals any of `candidates`.
    ///
    /// The MAC is computed once per key and compared with each candidate in
    /// constant time (swift-crypto's `MessageAuthenticationCode ==`).
    func matches(anyOf candidates: [[UInt8]], message: [[UInt8]], keys: [[UInt8]]) -> Bool {
        switch self {
        case .sha1: Self.matches(Insecure.SHA1.self, candidates, message, keys)
        case .sha256: Self.matches(SHA256.self, candidates, message, keys)
        case .sha512: Self.matches(SHA512.self, candidates, message, keys)
        }
    }

    /// The HMAC of `message` (its parts concatenated) under `key`.
    func authenticationCode(for message: [[UInt8]], key: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Self.code(Insecure.SHA1.self, message, key)
        case .sha256: Self.code(SHA256.self, message, key)
        case .sha512: Self.code(SHA512.self, message, key)
        }
    }

    private static func code<Hash: HashFunction>(_: Hash.Type, _ message: [[UInt8]], _ key: [UInt8]) -> [UInt8] {
        var hmac = HMAC<Hash>(key: SymmetricKey(data: key))
        for part in message { hmac.update(data: part) }
        return Array(hmac.finalize())
    }

    private static func matches<Hash: HashFunction>(
        _: Hash.Type, _ candidates: [[UInt8]], _ message: [[UInt8]], _ keys: [[UInt8]]
    ) -> Bool {
        for key in keys {
            var hmac = HMAC<Hash>(key: SymmetricKey(data: key))
            for part in message { hmac.update(data: part) }
            let code = hmac.finalize()
            if candidates.contains(where: { code == $0 }) { return true }
        }
        return false
    }
}
