/// The faults a mock Reach injects into its customer API, each at a rate
/// between 0 and 1, drawn from a generator seeded with ``seed`` so that the same
/// sequence of requests meets the same sequence of faults.
///
/// Per request, in this order: a dropped connection (``dropRate``), else a
/// stall (``stallRate``: held for ``stall``, then reset without an answer, so
/// a client with a shorter timeout times out), else an error status
/// (``failRate``, one of ``failStatuses``), else a 429 (``rateLimitRate``,
/// with `Retry-After: retryAfterSeconds`). ``latency`` is added before every
/// answer, faulty or not. A dropped or stalled request changes nothing. The
/// `/_mock/` routes are never faulted.
public struct FaultPlan: Sendable, Equatable {
    /// The seed of the fault sequence.
    public var seed: UInt64
    /// The share of requests answered with an error status.
    public var failRate: Double
    /// The statuses to pick from, uniformly, for an injected error.
    public var failStatuses: [Int]
    /// The share of requests answered 429.
    public var rateLimitRate: Double
    /// The `Retry-After` seconds sent with an injected 429.
    public var retryAfterSeconds: Int
    /// Latency added before each answer: a fixed delay when both bounds are equal.
    public var latency: ClosedRange<Duration>
    /// The share of requests whose connection is reset without any response.
    public var dropRate: Double
    /// The share of requests held for ``stall`` and then reset without any response.
    public var stallRate: Double
    /// How long a stalled request is held.
    public var stall: Duration

    /// A plan; by default no faults at all.
    public init(
        seed: UInt64 = 1,
        failRate: Double = 0,
        failStatuses: [Int] = [500],
        rateLimitRate: Double = 0,
        retryAfterSeconds: Int = 1,
        latency: ClosedRange<Duration> = .zero ... .zero,
        dropRate: Double = 0,
        stallRate: Double = 0,
        stall: Duration = .seconds(10)
    ) {
        self.seed = seed
        self.failRate = failRate
        self.failStatuses = failStatuses
        self.rateLimitRate = rateLimitRate
        self.retryAfterSeconds = retryAfterSeconds
        self.latency = latency
        self.dropRate = dropRate
        self.stallRate = stallRate
        self.stall = stall
    }

    /// Why the plan cannot be used, or `nil` when it can.
    public var problem: String? {
        for (name, rate) in [
            ("fail rate", failRate), ("429 rate", rateLimitRate), ("drop rate", dropRate), ("stall rate", stallRate),
        ]
        where !(0...1).contains(rate) {
            return "\(name) must be between 0 and 1, got \(rate)"
        }
        if failRate > 0, failStatuses.isEmpty { return "a fail rate needs at least one fail status" }
        if let status = failStatuses.first(where: { !(400...599).contains($0) }) {
            return "fail status must be from 400 to 599, got \(status)"
        }
        if retryAfterSeconds < 0 { return "Retry-After seconds must not be negative, got \(retryAfterSeconds)" }
        if latency.lowerBound < .zero { return "latency must not be negative" }
        if stall < .zero { return "the stall must not be negative" }
        return nil
    }
}
