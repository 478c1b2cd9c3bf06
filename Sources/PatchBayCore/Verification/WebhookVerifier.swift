import Foundation

/// Decides whether a delivery really comes from the configured provider.
///
/// Implementations are pure: the clock (`now`) and the secrets are given to
/// them. Construct one with ``VerificationSettings/makeVerifier(secrets:defaultTolerance:)``.
public protocol WebhookVerifier: Sendable {
    /// Returns when `request` passes every check of the scheme; throws the
    /// first check that fails otherwise.
    func verify(_ request: Delivery, now: Date) throws(VerificationFailure)

    /// The single-use token a verified `request` carries, which the store must
    /// claim when it commits the delivery; `nil` for schemes without one.
    func singleUseToken(in request: Delivery) -> SingleUseToken?

    /// The URL the bridge must GET to confirm the subscription a verified
    /// `request` asks for (an Amazon SNS `SubscriptionConfirmation`); `nil`
    /// for every other delivery and scheme.
    func subscriptionConfirmationURL(in request: Delivery) -> String?
}

extension WebhookVerifier {
    /// Schemes have no single-use token unless they say so.
    public func singleUseToken(in request: Delivery) -> SingleUseToken? { nil }

    /// Schemes have no subscription to confirm unless they say so.
    public func subscriptionConfirmationURL(in request: Delivery) -> String? { nil }
}
