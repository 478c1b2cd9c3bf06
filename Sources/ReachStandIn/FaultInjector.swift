import Synchronization

/// What a mock Reach does to one request instead of answering it normally.
enum InjectedFault: Equatable {
    /// Reset the connection without any response.
    case drop
    /// Hold the request this long, then reset the connection without any response.
    case stall(Duration)
    /// Answer with this error status.
    case fail(status: Int)
    /// Answer 429 with this `Retry-After`.
    case rateLimit(retryAfterSeconds: Int)
}

/// Draws the fault, if any, and the added latency for each request from a
/// ``FaultPlan``. Every request consumes the same number of random draws,
/// whatever its outcome, so the sequence depends only on the seed and the
/// order of requests.
final class FaultInjector: Sendable {
    /// One request's draw.
    struct Decision: Equatable {
        var fault: InjectedFault?
        var latency: Duration
    }

    private let plan: FaultPlan
    private let generator: Mutex<SeededGenerator>

    init(plan: FaultPlan) {
        self.plan = plan
        self.generator = Mutex(SeededGenerator(seed: plan.seed))
    }

    /// The decision for the next request.
    func next() -> Decision {
        generator.withLock { generator in
            let drop = Double.random(in: 0..<1, using: &generator)
            let stall = Double.random(in: 0..<1, using: &generator)
            let fail = Double.random(in: 0..<1, using: &generator)
            let statusIndex = Int.random(in: 0..<max(plan.failStatuses.count, 1), using: &generator)
            let rateLimit = Double.random(in: 0..<1, using: &generator)
            let latencyFraction = Double.random(in: 0...1, using: &generator)

            let fault: InjectedFault? =
                if drop < plan.dropRate {
                    .drop
                } else if stall < plan.stallRate {
                    .stall(plan.stall)
                } else if fail < plan.failRate {
                    .fail(status: plan.failStatuses[statusIndex])
                } else if rateLimit < plan.rateLimitRate {
                    .rateLimit(retryAfterSeconds: plan.retryAfterSeconds)
                } else {
                    nil
                }
            let spread = plan.latency.upperBound - plan.latency.lowerBound
            return Decision(fault: fault, latency: plan.latency.lowerBound + .seconds(spread / .seconds(1) * latencyFraction))
        }
    }
}
