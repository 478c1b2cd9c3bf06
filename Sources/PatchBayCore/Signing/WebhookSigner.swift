import Foundation
import HTTPTypes

/// Signs a delivery exactly as its provider would, so that the matching
/// ``WebhookVerifier`` accepts it: what `patchbay send` and the tests use.
///
/// Construct one with ``VerificationSettings/makeSigner(signingKey:)``.
/// Implementations are pure apart from the random ids and tokens some schemes
/// carry (a Standard Webhooks message id, a Mailgun token, a JWT id).
public protocol WebhookSigner: Sendable {
    /// `request` as the provider would send it at `time`: with its signature
    /// headers, or its URL or body changed where the scheme puts the
    /// credential there (a token in the query, Twilio's `bodySHA256`,
    /// Mailgun's `signature` object).
    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery
}

/// Why a delivery cannot be signed: an unusable key, or a body or URL the
/// scheme cannot sign.
public struct SigningFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension HTTPFields {
    /// Sets the field `name` to `value` alone, replacing any of that name (in
    /// any case): a name or value a header cannot carry as written (a
    /// configured header name, a credential) fails the signing rather than
    /// being sent altered.
    mutating func set(_ name: String, _ value: String) throws(SigningFailure) {
        do {
            set(try HTTPField(exactName: name, value: value))
        } catch {
            throw SigningFailure("cannot set header: \(error)")
        }
    }
}
