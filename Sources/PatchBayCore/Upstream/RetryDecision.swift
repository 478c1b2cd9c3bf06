/// What to do after a delivery attempt.
public enum RetryDecision: Sendable, Equatable {
    /// The update was applied; nothing more to do.
    case delivered
    /// Try again after `delay`.
    case retry(after: Duration, reason: String)
    /// Give up and dead-letter the update.
    case dead(reason: String)
    /// Keep the update pending and pause delivery to the upstream: it refused
    /// the bridge itself, not this update.
    case pause(reason: String)
}
