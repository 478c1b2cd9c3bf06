import Crypto

/// The HMAC algorithms a signed webhook JWT may name in its `alg` header
/// (RFC 7518 section 3.2). `none` and the public-key algorithms are never
/// accepted.
public enum JWTAlgorithm: String, Sendable, Hashable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    /// Whether the MAC of `message` under any of `keys` equals `signature`,
    /// compared in constant time.
    func matches(_ signature: [UInt8], message: [UInt8], keys: [[UInt8]]) -> Bool {
        switch self {
        case .hs256: Self.matches(SHA256.self, signature, message, keys)
        case .hs384: Self.matches(SHA384.self, signature, message, keys)
        case .hs512: Self.matches(SHA512.self, signature, message, keys)
        }
    }

    /// The MAC of `message` under `key`.
    func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        switch self {
        case .hs256: Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .hs384: Array(HMAC<SHA384>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .hs512: Array(HMAC<SHA512>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        }
    }

    private static func matches<Hash: HashFunction>(
        _: Hash.Type, _ signature: [UInt8], _ message: [UInt8], _ keys: [[UInt8]]
    ) -> Bool {
        keys.contains { key in
            HMAC<Hash>.authenticationCode(for: message, using: SymmetricKey(data: key)) == signature
        }
    }
}
