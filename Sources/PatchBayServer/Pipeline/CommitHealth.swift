import Foundation
import Synchronization

/// Whether the store is refusing commits (a corrupt page, a full
/// disk): the ingest pipeline reports each commit, and `/readyz` answers 503
/// while the last one failed, so a load balancer sends the providers'
/// retries to another instance.
///
/// Readiness comes back with the next commit that succeeds, or
/// ``recheckAfter`` after the last failure: an instance taken out of its
/// balancer gets no deliveries to prove it recovered, so it is let back in
/// on probation, and the next failing commit takes it out again.
public final class CommitHealth: Sendable {
    /// How long after a failed commit the store counts as refusing commits.
    public let recheckAfter: TimeInterval
    private let lastFailure = Mutex<(error: String, at: Date)?>(nil)

    public init(recheckAfter: TimeInterval = 10) {
        self.recheckAfter = recheckAfter
    }

    /// A delivery was committed: the store takes commits.
    public func committed() {
        lastFailure.withLock { $0 = nil }
    }

    /// A commit failed at `now` with `error`.
    public func failed(_ error: any Error, at now: Date) {
        lastFailure.withLock { $0 = ("\(error)", now) }
    }

    /// Why the store counts as refusing commits at `now`, or `nil`.
    public func problem(at now: Date) -> String? {
        lastFailure.withLock { failure in
            guard let failure, now.timeIntervalSince(failure.at) < recheckAfter else { return nil }
            return "the store refuses commits: \(failure.error)"
        }
    }
}
