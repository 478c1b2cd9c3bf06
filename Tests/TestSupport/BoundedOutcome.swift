import Synchronization

/// The result of an operation started at once, awaited with a limit: an
/// operation that hangs (the fault a test looks for) must fail the test, not
/// hang it. The operation itself goes on after the limit.
public final class BoundedOutcome<Value: Sendable>: Sendable {
    private let finished = Mutex<Result<Value, any Error>?>(nil)

    public init(_ operation: @escaping @Sendable () async throws -> Value) {
        Task {
            let result: Result<Value, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            self.finished.withLock { $0 = result }
        }
    }

    /// The result, or `nil` if it has not come within `limit`.
    public func result(within limit: Duration) async -> Result<Value, any Error>? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let result = finished.withLock({ $0 }) { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return finished.withLock { $0 }
    }
}
