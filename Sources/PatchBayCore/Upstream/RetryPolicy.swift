import Foundation

/// When to retry a failed upstream delivery: exponential backoff with full jitter, bounded by
/// a number of attempts and an age, honoring the upstream's `Retry-After`.
///
/// The defaults suit webhook providers that themselves retry for days: the wait before the
/// n-th retry is uniform in [0, min(10 min, 1 s × 2ⁿ⁻¹)], attempts are unlimited, and an update
/// is dead-lettered once it would be retried more than three days after its first attempt.
public struct RetryPolicy: Sendable, Equatable {
    /// The backoff ceiling of the first retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling, however many attempts failed.
    public var maxDelay: Duration
    /// Attempts after which an update is dead-lettered; nil for no limit.
    public var maxAttempts: Int?
    /// Time after the first attempt beyond which no retry is scheduled.
    public var maxAge: Duration
    /// What each error status of the upstream means.
    public var statusClasses: UpstreamStatusClasses

    /// Creates a policy; see the type's documentation for the defaults.
    public init(
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(600),
        maxAttempts: Int? = nil,
        maxAge: Duration = .seconds(3 * 24 * 3600),
        statusClasses: UpstreamStatusClasses = .standard
    ) {
        self.statusClasses = statusClasses
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
    }

    /// Decides what follows attempt number `attempt` (1 for the first) of an update first tried
    /// at `firstAttemptAt`. The backoff draws from `random`; a `Retry-After` longer than the
    /// drawn backoff replaces it.
    public func decide(
        after outcome: UpstreamOutcome,
        attempt: Int,
        firstAttemptAt: Date,
        now: Date,
        using random: inout some RandomNumberGenerator
    ) -> RetryDecision {
        switch UpstreamVerdict(judging: outcome, now: now, classes: statusClasses) {
        case .delivered:
            return .delivered
        case .paused(let reason):
            return .pause(reason: reason)
        case .permanent(let reason):
            return .dead(reason: reason)
        case .retryable(let reason, let retryAfter):
            if let maxAttempts, attempt >= maxAttempts {
                return .dead(reason: "\(reason); gave up after \(attempt) attempts")
            }
            let delay = max(backoff(beforeRetry: attempt, using: &random), retryAfter ?? .zero)
            let retryAge = now.timeIntervalSince(firstAttemptAt) + delay.inSeconds
            guard retryAge <= maxAge.inSeconds else {
                return .dead(reason: "\(reason); the next attempt would be later than \(maxAge) after the first")
            }
            return .retry(after: delay, reason: reason)
        }
    }

    /// Why attempt number `attempt` of an update first tried at
    /// `firstAttemptAt` must not be made at `now`, or `nil` when it may.
    ///
    /// A retry is never scheduled beyond the limits, so this refuses only an
    /// attempt whose predecessors' outcomes were never recorded (the store
    /// counts an attempt when it is claimed): however often that happens, an
    /// update is sent at most ``maxAttempts`` times and no later than
    /// ``maxAge`` after its first attempt, then dead-lettered.
    public func refusal(ofAttempt attempt: Int, firstAttemptAt: Date, now: Date) -> String? {
        if let maxAttempts, attempt > maxAttempts {
            return "gave up after \(attempt - 1) attempts, the last of them not recorded"
        }
        if now.timeIntervalSince(firstAttemptAt) > maxAge.inSeconds {
            return "gave up: more than \(maxAge) after the first attempt, the last attempt not recorded"
        }
        return nil
    }

    /// A full-jitter backoff before retry number `retry` (1 for the first retry): uniform in
    /// [0, min(maxDelay, baseDelay × 2^(retry-1))].
    public func backoff(beforeRetry retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let doublings = Double(min(max(retry - 1, 0), 62))
        let ceiling = min(maxDelay.inSeconds, baseDelay.inSeconds * pow(2, doublings))
        // 53 random bits scaled to [0, 1], both ends included. (Double.random(in:using:)
        // rejection-samples, which never ends with a constant test generator.)
        let unit = Double(random.next() >> 11) / Double((1 << 53) - 1)
        return .seconds(unit * ceiling)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
