import Foundation
import Synchronization

/// A ``ReplayCache`` in process memory, holding at most `capacity` tokens.
///
/// Expired tokens are dropped as new ones arrive. When the cache is full of
/// live tokens, the oldest recorded one is forgotten, so memory stays bounded
/// even under a flood of validly signed deliveries. Tokens do not survive a
/// restart, which is acceptable since they only need to outlive the
/// timestamp tolerance.
public final class InMemoryReplayCache: ReplayCache {
    private struct State {
        var expiries: [String: Date] = [:]
        /// Tokens in the order recorded, from `head` on; entries whose expiry
        /// no longer matches `expiries` are leftovers of a re-recorded token.
        var order: [(token: String, expiry: Date)] = []
        var head = 0
    }

    /// The most tokens held at once.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 100_000) {
        precondition(capacity > 0, "a replay cache needs room for at least one token")
        self.capacity = capacity
    }

    public func claim(_ token: String, until expiry: Date, now: Date) -> Bool {
        state.withLock { state in
            if let known = state.expiries[token], known > now { return false }
            Self.evict(from: &state, now: now, capacity: capacity)
            state.expiries[token] = expiry
            state.order.append((token: token, expiry: expiry))
            return true
        }
    }

    /// The number of tokens currently held, expired or not.
    public var count: Int {
        state.withLock { $0.expiries.count }
    }

    /// Drops expired tokens from the front of the order, then the oldest
    /// ones until there is room for one more.
    private static func evict(from state: inout State, now: Date, capacity: Int) {
        while state.head < state.order.count {
            let oldest = state.order[state.head]
            let isCurrent = state.expiries[oldest.token] == oldest.expiry
            guard !isCurrent || oldest.expiry <= now || state.expiries.count >= capacity else { break }
            if isCurrent { state.expiries[oldest.token] = nil }
            state.head += 1
        }
        if state.head > state.order.count / 2 {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
