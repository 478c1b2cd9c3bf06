import Synchronization

/// Group commit: concurrent ingest calls queue here and one writer task at a
/// time writes everything queued in one transaction (one disk sync for the
/// whole batch), then resumes each caller with its own result.
final class GroupCommitter: Sendable {
    /// Writes deliveries in one transaction, one result per delivery; throws
    /// when the transaction as a whole fails.
    typealias Writer = @Sendable ([IngestDelivery]) async throws -> [Result<IngestReceipt, any Error>]

    private typealias Job = (delivery: IngestDelivery, continuation: CheckedContinuation<IngestReceipt, any Error>)

    private struct State {
        var queue: [Job] = []
        var writing = false
        var closed = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = IngestStatistics()
    }

    private let state = Mutex(State())
    private let writer: Writer
    private let maximumBatch: Int
    private let onCommit: (@Sendable (Int) -> Void)?

    init(maximumBatch: Int, onCommit: (@Sendable (Int) -> Void)?, writer: @escaping Writer) {
        self.maximumBatch = max(1, maximumBatch)
        self.onCommit = onCommit
        self.writer = writer
    }

    var statistics: IngestStatistics { state.withLock { $0.statistics } }

    /// Queues `delivery` and waits until its transaction has committed.
    func submit(_ delivery: IngestDelivery) async throws -> IngestReceipt {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state -> Bool? in
                guard !state.closed else { return nil }
                state.queue.append((delivery, continuation))
                defer { state.writing = true }
                return !state.writing
            }
            switch startWriter {
            case nil: continuation.resume(throwing: PatchBayStoreError.closed)
            case true?: Task { await self.drain() }
            case false?: break
            }
        }
    }

    /// Refuses new deliveries and waits until the queued ones are written.
    func close() async {
        await withCheckedContinuation { waiter in
            let idle = state.withLock { state in
                state.closed = true
                if state.writing { state.idleWaiters.append(waiter) }
                return !state.writing
            }
            if idle { waiter.resume() }
        }
    }

    private func drain() async {
        while let jobs = nextBatch() {
            let results: [Result<IngestReceipt, any Error>]
            do {
                results = try await writer(jobs.map(\.delivery))
            } catch {
                results = Array(repeating: .failure(error), count: jobs.count)
            }
            state.withLock { state in
                state.statistics.deliveries += jobs.count
                state.statistics.transactions += 1
                state.statistics.largestBatch = max(state.statistics.largestBatch, jobs.count)
            }
            onCommit?(jobs.count)
            for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
        }
    }

    /// Takes the next batch, or marks the writer stopped when the queue is empty.
    private func nextBatch() -> [Job]? {
        let (batch, waiters) = state.withLock { state -> ([Job]?, [CheckedContinuation<Void, Never>]) in
            guard !state.queue.isEmpty else {
                state.writing = false
                defer { state.idleWaiters = [] }
                return (nil, state.idleWaiters)
            }
            let count = min(maximumBatch, state.queue.count)
            defer { state.queue.removeFirst(count) }
            return (Array(state.queue.prefix(count)), [])
        }
        for waiter in waiters { waiter.resume() }
        return batch
    }
}
