import Foundation

/// Decides whether a delivery really comes from the configured provider.
///
/// Implementations are pure: the clock (`now`), the secrets and any replay
/// cache are given to them. Construct one with
/// ``VerificationSettings/makeVerifier(secrets:replayCache:)``.
public protocol WebhookVerifier: Sendable {
    /// Returns when `request` passes every check of the scheme; throws the
    /// first check that fails otherwise.
    func verify(_ request: WebhookRequest, now: Date) throws(VerificationFailure)
}
