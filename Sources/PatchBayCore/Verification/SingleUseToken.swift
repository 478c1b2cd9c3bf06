import Crypto
import Foundation

/// A token a provider signs into each delivery to make it single-use
/// (Mailgun's `signature.token`): the store claims it in the transaction that
/// commits the delivery, so it is claimed only once the delivery is kept.
///
/// A provider's retry of a delivery that was never committed (a full disk)
/// then passes, an identical resend of a committed one is answered as a
/// duplicate, and the same token on another body is a replay.
public struct SingleUseToken: Sendable, Hashable {
    /// The token as the provider sent it.
    public var value: String
    /// When the signed timestamp leaves the tolerance: after this the token
    /// can no longer verify, and its claim may be forgotten.
    public var expiresAt: Date
    /// The SHA-256 of the whole request body that carried it, to tell an
    /// identical resend from a replay onto another body.
    public var bodyDigest: [UInt8]

    public init(value: String, expiresAt: Date, body: [UInt8]) {
        self.value = value
        self.expiresAt = expiresAt
        self.bodyDigest = Array(SHA256.hash(data: body))
    }
}
