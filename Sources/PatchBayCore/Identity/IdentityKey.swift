import Crypto

/// The install key the identity index hashes addresses with (HMAC-SHA-256),
/// so that the index holds no address in clear. Every instance sharing a
/// store must use the same key: the store keeps the key's ``fingerprint``
/// and refuses another.
public struct IdentityKey: Sendable {
    /// The key length, in bytes.
    public static let byteCount = 32

    private let key: SymmetricKey
    /// An HMAC keyed with ``key`` that has hashed nothing yet: copied for
    /// each digest, so the key schedule is computed once.
    private let keyed: HMAC<SHA256>

    /// A key from its 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// A key written as 64 hexadecimal digits (surrounding whitespace ignored).
    public init?(text: String) {
        guard let bytes = SignatureEncoding.hex.decode(text.trimmingWhitespace) else { return nil }
        self.init(bytes: bytes)
    }

    /// A new random key.
    public static func random() -> IdentityKey {
        IdentityKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
        self.keyed = HMAC<SHA256>(key: key)
    }

    /// The key as 64 hexadecimal digits, as ``init(text:)`` reads it.
    public var text: String {
        key.withUnsafeBytes { SignatureEncoding.hex.encode(Array($0)) }
    }

    /// The keyed hash the index stores for `address`: its kind and value
    /// together, so an email and a phone never share a hash.
    public func digest(of address: IdentityAddress) -> [UInt8] {
        var hmac = keyed
        hmac.update(data: Array(address.kind.rawValue.utf8))
        hmac.update(data: [0x3A])
        hmac.update(data: Array(address.value.utf8))
        return Array(hmac.finalize())
    }

    /// A value that identifies the key without revealing it, stored with
    /// the index to detect an instance configured with another key.
    public var fingerprint: [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("patchbay identity key fingerprint".utf8), using: key))
    }
}
