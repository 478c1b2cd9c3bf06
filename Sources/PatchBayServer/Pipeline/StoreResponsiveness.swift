import PatchBayStore
import Synchronization

/// Whether the store answers a cheap read in time, for `/readyz`.
///
/// A log that cannot be reached may not answer for seconds (PostgreSQL while
/// its connections cannot be opened) or at all (a disk that hangs), while a
/// readiness probe is given about a second. The read goes on in a task of its
/// own and the probe waits at most ``limit`` for it; probes arriving while a
/// read is still pending wait on that same read instead of starting another,
/// so a store that hangs costs one pending read, not one per probe.
final class StoreResponsiveness: Sendable {
    private let store: any EventStore
    /// The longest a probe waits for the store's answer.
    let limit: Duration
    private let pending = Mutex<Task<String?, Never>?>(nil)

    init(store: any EventStore, limit: Duration) {
        self.store = store
        self.limit = limit
    }

    /// Why the store is not ready to serve, or `nil` when it answered in time.
    func problem() async -> String? {
        let read = currentRead()
        return await withCheckedContinuation { continuation in
            let first = FirstAnswer(continuation)
            Task { first.give(await read.value) }
            Task { [limit] in
                try? await Task.sleep(for: limit)
                first.give("the store did not answer within \(limit)")
            }
        }
    }

    /// The read in progress, or a new one.
    private func currentRead() -> Task<String?, Never> {
        pending.withLock { pending in
            if let read = pending { return read }
            let read = Task { [store] () -> String? in
                defer { self.pending.withLock { $0 = nil } }
                do {
                    _ = try await store.nextDueTime()
                    return nil
                } catch {
                    return "the store does not answer: \(error)"
                }
            }
            pending = read
            return read
        }
    }
}

/// Resumes a continuation with the first of several answers.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func give(_ value: Value) {
        continuation.withLock { waiting in
            defer { waiting = nil }
            return waiting
        }?.resume(returning: value)
    }
}
