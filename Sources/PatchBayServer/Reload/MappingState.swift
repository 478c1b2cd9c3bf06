import Foundation
import Synchronization

/// How the mapping set in force came to be, and whether the directory now
/// holds something that could not be put in force: read by `/readyz` and
/// the admin API, written by the ``MappingReloader``.
public final class MappingState: Sendable {
    /// A snapshot.
    public struct Status: Sendable, Equatable {
        /// When the set in force was loaded.
        public var loadedAt: Date
        /// Successful reloads since start.
        public var reloads: Int
        /// The problems of the last attempt to reload, when it failed; the
        /// previous set is then still in force. Empty once a reload succeeds.
        public var problems: [String]
        /// When the last reload failed.
        public var failedAt: Date?
    }

    private let state: Mutex<Status>

    public init(loadedAt: Date = Date()) {
        state = Mutex(Status(loadedAt: loadedAt, reloads: 0, problems: []))
    }

    /// The status now.
    public var status: Status { state.withLock { $0 } }

    func recordSuccess(at date: Date) {
        state.withLock { $0 = Status(loadedAt: date, reloads: $0.reloads + 1, problems: [], failedAt: nil) }
    }

    func recordFailure(_ problems: [String], at date: Date) {
        state.withLock {
            $0.problems = problems
            $0.failedAt = date
        }
    }
}
