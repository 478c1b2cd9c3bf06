import Foundation
import Synchronization

/// Delivery to the upstream paused because it refused the bridge itself (a
/// 401 or 403 by default: a wrong secret, an expired or clock-skewed JWT, a
/// revoked token). Every update would fail the same way, so the dispatcher
/// keeps them pending and sends only one probe at a time, with backoff,
/// until the upstream accepts again. Kept in memory: a restart probes at once.
public final class UpstreamPause: Sendable {
    /// Why delivery is paused and when the next probe may go.
    public struct State: Sendable, Equatable {
        /// The refusal, with the upstream's own message.
        public var reason: String
        /// When sending paused.
        public var since: Date
        /// When the next probe may be sent.
        public var probeAt: Date
        /// Refused probes so far, the first refusal included.
        public var refusals: Int
    }

    private let state = Mutex<State?>(nil)
    private let firstDelay: TimeInterval
    private let longestDelay: TimeInterval

    /// - Parameters:
    ///   - firstDelay: seconds before the first probe; each refused probe doubles it.
    ///   - longestDelay: the most seconds between two probes.
    public init(firstDelay: TimeInterval = 1, longestDelay: TimeInterval = 60) {
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
    }

    /// The pause now; `nil` while delivering.
    public var current: State? { state.withLock { $0 } }

    /// The upstream refused an attempt that ended at `now`, for `reason`.
    /// Returns the pause, whose ``State/probeAt`` the attempt's updates wait
    /// for, and whether this refusal started it. A refusal of a request sent
    /// before the next probe was due (one in flight when the pause began)
    /// does not lengthen the backoff.
    public func refused(reason: String, now: Date) -> (state: State, started: Bool) {
        state.withLock { state in
            guard var paused = state else {
                let started = State(reason: reason, since: now, probeAt: now.addingTimeInterval(firstDelay), refusals: 1)
                state = started
                return (started, true)
            }
            if now >= paused.probeAt {
                paused.refusals += 1
                let delay = min(longestDelay, firstDelay * pow(2, Double(min(paused.refusals - 1, 30))))
                paused.probeAt = now.addingTimeInterval(delay)
                paused.reason = reason
                state = paused
            }
            return (paused, false)
        }
    }

    /// The upstream accepted an attempt; returns the pause this ends, if any.
    @discardableResult
    public func accepted() -> State? {
        state.withLock { state in
            defer { state = nil }
            return state
        }
    }
}
