import Synchronization

/// Group commit: concurrent writes queue here and one writer task at a time
/// writes everything queued in one transaction (one commit for the whole
/// batch), then resumes each caller with its own result.
///
/// Nothing waits for a batch to fill: the first write starts the writer at
/// once, and what arrives while it writes makes up the next batch.
///
/// A store whose database takes concurrent transactions (PostgreSQL) may let
/// several writers run at once, each with its own batch
/// (`maximumConcurrentBatches`): a batch then does not wait for the round
/// trips and the commit of the one before it. Jobs queued while every writer is
/// busy go to the first writer that finishes. A job is still answered only
/// after its own transaction committed, so a delivery acknowledged before
/// another one was sent is committed before it too.
///
/// The statistics and the commit callback count the jobs that are deliveries
/// (`isDelivery`); a store may send its other writes (the dispatcher's) through
/// the same queue so they share the transactions.
final class GroupCommitter<Job: Sendable, Output: Sendable>: Sendable {
    /// Writes jobs in one transaction, one result per job; throws when the
    /// transaction as a whole fails.
    typealias Writer = @Sendable ([Job]) async throws -> [Result<Output, any Error>]

    private typealias Entry = (job: Job, continuation: CheckedContinuation<Output, any Error>)

    private struct State {
        var queue: [Entry] = []
        var writers = 0
        var closed = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = IngestStatistics()
    }

    private let state = Mutex(State())
    private let writer: Writer
    private let maximumBatch: Int
    private let maximumConcurrentBatches: Int
    private let isDelivery: @Sendable (Job) -> Bool
    private let onCommit: (@Sendable (Int) -> Void)?

    /// - Parameters:
    ///   - maximumBatch: the most jobs written in one transaction.
    ///   - maximumConcurrentBatches: the most transactions written at once (1: one writer).
    ///   - isDelivery: which jobs the statistics and `onCommit` count.
    ///   - onCommit: called after each transaction that carried deliveries, with their number.
    init(
        maximumBatch: Int, maximumConcurrentBatches: Int = 1, isDelivery: @escaping @Sendable (Job) -> Bool = { _ in true },
        onCommit: (@Sendable (Int) -> Void)?, writer: @escaping Writer
    ) {
        self.maximumBatch = max(1, maximumBatch)
        self.maximumConcurrentBatches = max(1, maximumConcurrentBatches)
        self.isDelivery = isDelivery
        self.onCommit = onCommit
        self.writer = writer
    }

    var statistics: IngestStatistics { state.withLock { $0.statistics } }

    /// Queues `job` and waits until its transaction has committed.
    func submit(_ job: Job) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state -> Bool? in
                guard !state.closed else { return nil }
                state.queue.append((job, continuation))
                guard state.writers < maximumConcurrentBatches else { return false }
                state.writers += 1
                return true
            }
            switch startWriter {
            case nil: continuation.resume(throwing: EventStoreError.closed)
            case true?: Task { await self.drain() }
            case false?: break
            }
        }
    }

    /// Refuses new jobs and waits until the queued ones are written.
    func close() async {
        await withCheckedContinuation { waiter in
            let idle = state.withLock { state in
                state.closed = true
                if state.writers > 0 { state.idleWaiters.append(waiter) }
                return state.writers == 0
            }
            if idle { waiter.resume() }
        }
    }

    private func drain() async {
        while let entries = nextBatch() {
            let jobs = entries.map(\.job)
            let results: [Result<Output, any Error>]
            do {
                results = try await writer(jobs)
            } catch {
                results = Array(repeating: .failure(error), count: entries.count)
            }
            let deliveries = jobs.count(where: isDelivery)
            if deliveries > 0 {
                state.withLock { state in
                    state.statistics.deliveries += deliveries
                    state.statistics.transactions += 1
                    state.statistics.largestBatch = max(state.statistics.largestBatch, deliveries)
                }
                onCommit?(deliveries)
            }
            for (entry, result) in zip(entries, results) { entry.continuation.resume(with: result) }
        }
    }

    /// Takes the next batch, or stops this writer when the queue is empty
    /// (waking ``close()`` after the last one).
    private func nextBatch() -> [Entry]? {
        let (batch, waiters) = state.withLock { state -> ([Entry]?, [CheckedContinuation<Void, Never>]) in
            guard !state.queue.isEmpty else {
                state.writers -= 1
                guard state.writers == 0 else { return (nil, []) }
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
