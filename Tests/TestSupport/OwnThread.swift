import Foundation

/// Runs blocking work (waiting for a child process, `initdb`, a blocking
/// socket read) on a thread of its own while the calling task suspends.
///
/// Every test in the run shares Swift concurrency's cooperative pool, which has
/// one thread per core. Blocking one of those threads for seconds starves the
/// servers other tests run in-process: their handlers and deadlines stop, and
/// timing tests fail for reasons that have nothing to do with them.
public func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result(catching: work))
        }
    }
}
