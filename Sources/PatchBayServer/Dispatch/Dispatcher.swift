import Foundation
import Logging
import PatchBayCore
import PatchBayStore
import PatchBayTransport
import ServiceLifecycle
import Synchronization

/// Sends the logged updates upstream: claims due customers from the store,
/// sends one PATCH per customer at a time (so each customer's updates apply
/// in acceptance order, while different customers go in parallel), and
/// records every attempt with what follows it — delivered, retried later
/// with backoff, or dead-lettered.
///
/// On graceful shutdown it stops claiming and lets the PATCHes in flight
/// finish; whatever is still in flight when the process dies is returned to
/// pending by ``PatchBayStore/recoverInFlight()`` at the next start.
public final class Dispatcher: Service, Sendable {
    private let store: any EventStore
    private let client: any UpstreamClient
    private let target: UpstreamTarget
    private let policy: RetryPolicy
    private let maxInFlight: Int
    private let logger: Logger
    private let metrics: BridgeMetrics
    private let paused: PausedSources
    private let upstreamPause: UpstreamPause
    private let now: @Sendable () -> Date
    private let wakeSignal = WakeSignal()
    private let inFlight = Mutex(0)
    private let stopping = Atomic(false)

    /// How soon a customer held back by a paused source is looked at again:
    /// at most this long after a resume, its updates flow again.
    public static let pauseRecheck: TimeInterval = 2

    /// - Parameters:
    ///   - maxInFlight: the most PATCH requests (customers) in flight at once.
    ///   - paused: sources whose updates are held back for now.
    ///   - upstreamPause: whether the upstream refused the bridge itself; delivery
    ///     then waits for a probe to be accepted.
    public init(
        store: any EventStore, client: any UpstreamClient, target: UpstreamTarget,
        policy: RetryPolicy = RetryPolicy(), maxInFlight: Int = 32, paused: PausedSources = PausedSources(),
        upstreamPause: UpstreamPause = UpstreamPause(),
        metrics: BridgeMetrics = BridgeMetrics(),
        logger: Logger = Logger(label: "patchbay.dispatcher"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.paused = paused
        self.upstreamPause = upstreamPause
        self.metrics = metrics
        self.store = store
        self.client = client
        self.target = target
        self.policy = policy
        self.maxInFlight = max(1, maxInFlight)
        self.logger = logger
        self.now = now
    }

    /// Tells the dispatcher new updates were logged.
    public func wake() {
        wakeSignal.signal()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
                    let free = claimLimit()
                    var claimed: [CustomerWork] = []
                    if free > 0 {
                        do {
                            claimed = try await claim(limit: free)
                        } catch {
                            logger.error("cannot claim work", metadata: ["error": "\(error)"])
                            await wakeSignal.wait(timeout: .seconds(1))
                            continue
                        }
                    }
                    for work in claimed {
                        inFlight.withLock { $0 += 1 }
                        group.addTask {
                            // Each completion claims the slot's next customer in the same write.
                            var next: CustomerWork? = work
                            while let work = next { next = await self.send(work) }
                            self.inFlight.withLock { $0 -= 1 }
                            self.wakeSignal.signal()
                        }
                    }
                    if free == 0 || claimed.count < free {
                        await wakeSignal.wait(timeout: await idleWait(busy: free == 0))
                    }
                }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wakeSignal.signal()
        }
    }

    /// How many customers may be claimed now: the free slots; while the
    /// upstream is paused, one probe once it is due and nothing is in flight.
    private func claimLimit() -> Int {
        let busy = inFlight.withLock { $0 }
        guard let pause = upstreamPause.current else { return maxInFlight - busy }
        return busy == 0 && now() >= pause.probeAt ? 1 : 0
    }

    /// Claims due work, holding back the paused sources' updates.
    private func claim(limit: Int) async throws -> [CustomerWork] {
        let (now, pause) = claimMoment()
        return try await store.claimNext(limit: limit, now: now, pause: pause)
    }

    /// The time a claim is made at, and the paused sources it holds back.
    private func claimMoment() -> (now: Date, pause: SourcePause?) {
        let now = now()
        let paused = paused.current
        return (now, paused.isEmpty ? nil : SourcePause(sources: paused, recheckAt: now.addingTimeInterval(Self.pauseRecheck)))
    }

    /// How long to sleep when there is nothing to claim: until the next
    /// update falls due (at most five seconds, so work queued by another process — a replay from the CLI, another instance — is seen soon).
    /// While the upstream is paused, until its next probe is due.
    private func idleWait(busy: Bool) async -> Duration {
        let ceiling = Duration.seconds(5)
        if let pause = upstreamPause.current { return min(ceiling, Self.wait(until: pause.probeAt, from: now())) }
        if busy { return ceiling }
        guard let due = try? await store.nextDueTime() else { return ceiling }
        return min(ceiling, Self.wait(until: due, from: now()))
    }

    /// The wait from `now` until `time`, at least a millisecond.
    private static func wait(until time: Date, from now: Date) -> Duration {
        let seconds = time.timeIntervalSince(now)
        if seconds <= 0 { return .milliseconds(1) }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// Sends `work` once and records how it went; returns the customer
    /// claimed next in the same write, if any (see ``record(_:_:_:_:)``).
    @discardableResult
    func send(_ work: CustomerWork) async -> CustomerWork? {
        let plan = work.plan()
        let startedAt = now()
        var logger = logger
        logger[metadataKey: "customer"] = "\(work.customer)"
        logger[metadataKey: "event_ids"] = .array(work.updates.map { .string("\($0.eventId)") })
        guard !plan.data.isEmpty else {
            // Every field is older than what was already applied: nothing to send.
            return await record(work, .delivered, AttemptReport(startedAt: startedAt, finishedAt: startedAt, error: "all fields stale"), logger)
        }
        // The store counts an attempt when it is claimed, so attempts whose
        // outcome was never recorded count too. A customer whose identity
        // mapping would refuse now (logged before it did) is never sent.
        let attempt = (work.updates.map(\.attempts).max() ?? 0) + 1
        let firstAcceptedAt = work.updates.map(\.acceptedAt).min() ?? startedAt
        if let reason = work.customer.identityViolation
            ?? policy.refusal(ofAttempt: attempt, firstAttemptAt: firstAcceptedAt, now: startedAt)
        {
            logger.error("update dead-lettered", metadata: ["attempt": "\(attempt)", "reason": "\(reason)"])
            metrics.deadLettered(updates: work.updates.count)
            return await record(work, .dead, AttemptReport(startedAt: startedAt, finishedAt: startedAt, error: reason), logger)
        }
        let outcome: UpstreamOutcome
        do {
            let response = try await client.send(target.request(for: work, plan: plan))
            outcome = .response(status: response.status, retryAfter: response.headers[values: .retryAfter].first, body: response.body)
        } catch let error as TransportError {
            outcome = .transportFailure(message: error.description, retryable: error.isRetryable)
        } catch {
            outcome = .transportFailure(message: "\(error)", retryable: true)
        }
        let finishedAt = now()
        var random = SystemRandomNumberGenerator()
        let decision = policy.decide(after: outcome, attempt: attempt, firstAttemptAt: firstAcceptedAt, now: finishedAt, using: &random)
        var report = AttemptReport(startedAt: startedAt, finishedAt: finishedAt, upstream: target.baseURL)
        switch outcome {
        case .response(let status, _, let body):
            report.httpStatus = status
            report.responseBody = String(decoding: body.prefix(4096), as: UTF8.self)
        case .transportFailure(let message, _):
            report.error = message
        }
        metrics.patchAttempted(status: report.httpStatus)
        let next: CustomerWork?
        switch decision {
        case .delivered:
            logger.info("update delivered", metadata: ["attempt": "\(attempt)", "status": "\(report.httpStatus ?? 0)"])
            metrics.delivered(acceptedAt: work.updates.map(\.acceptedAt), deliveredAt: finishedAt)
            next = await record(work, .delivered, report, logger)
            if let pause = upstreamPause.accepted() {
                let pausedFor = Duration.seconds(finishedAt.timeIntervalSince(pause.since))
                logger.notice("the upstream accepts again, sending resumed", metadata: ["pausedFor": "\(pausedFor.logText)"])
                metrics.upstreamPaused(false)
                wakeSignal.signal()
            }
        case .pause(let reason):
            let (pause, started) = upstreamPause.refused(reason: reason, now: finishedAt)
            let nextProbeIn = Duration.seconds(pause.probeAt.timeIntervalSince(finishedAt))
            let metadata: Logger.Metadata = ["attempt": "\(attempt)", "reason": "\(reason)", "nextProbeIn": "\(nextProbeIn.logText)"]
            if started {
                logger.error("the upstream refused the bridge's credentials, sending paused; the updates stay pending", metadata: metadata)
            } else {
                logger.error("the upstream still refuses the bridge's credentials, sending stays paused", metadata: metadata)
            }
            metrics.upstreamPaused(true)
            report.error = report.error ?? reason
            next = await record(work, .retry(at: pause.probeAt), report, logger)
        case .retry(let delay, let reason):
            logger.notice("PATCH failed, will retry", metadata: ["attempt": "\(attempt)", "reason": "\(reason)", "after": "\(delay.logText)"])
            report.error = report.error ?? reason
            metrics.retried(updates: work.updates.count)
            next = await record(work, .retry(at: finishedAt.addingTimeInterval(delay.inSeconds)), report, logger)
        case .dead(let reason):
            logger.error("update dead-lettered", metadata: ["attempt": "\(attempt)", "reason": "\(reason)"])
            report.error = reason
            metrics.deadLettered(updates: work.updates.count)
            next = await record(work, .dead, report, logger)
        }
        return next
    }

    /// Records how `work` went and, while the dispatcher sends freely (not
    /// stopping, the upstream not paused), claims the next customer for this
    /// slot in the same write; returns it.
    ///
    /// When that write fails, the attempt is recorded alone. A failing store
    /// (a full disk, say) is tried again with backoff while the lease lasts:
    /// giving up would leave the customer claimed until its lease expires, and
    /// then send the PATCH again.
    private func record(
        _ work: CustomerWork, _ outcome: PatchOutcome, _ report: AttemptReport, _ logger: Logger
    ) async
        -> CustomerWork?
    {
        var claimingNext = !stopping.load(ordering: .relaxed) && upstreamPause.current == nil
        var delay = Duration.milliseconds(50)
        while true {
            do {
                guard claimingNext else {
                    try await store.complete(work, outcome: outcome, attempt: report)
                    return nil
                }
                let (now, pause) = claimMoment()
                return try await store.complete(work, outcome: outcome, attempt: report, thenClaim: 1, now: now, pause: pause).first
            } catch {
                if case .leaseLost = error as? EventStoreError {
                    logger.error("cannot record the attempt", metadata: ["error": "\(error)"])
                    return nil
                }
                if claimingNext {
                    logger.warning("cannot record the attempt with the next claim, recording it alone", metadata: ["error": "\(error)"])
                    claimingNext = false
                    continue
                }
                guard now().addingTimeInterval(delay.inSeconds) < work.lease.expiresAt else {
                    // The updates stay claimed until the lease expires, then they are sent again.
                    logger.error("cannot record the attempt before the lease expires", metadata: ["error": "\(error)"])
                    return nil
                }
                logger.warning("cannot record the attempt yet", metadata: ["error": "\(error)", "retryIn": "\(delay.logText)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
