import Foundation
import Synchronization
import Testing

@testable import PatchBayStore

@Suite("Group commit routing")
struct GroupCommitterTests {
    private struct WriteFailure: Error, Equatable { let source: String }

    @Test func eachCallerGetsItsOwnResultAndAFailedTransactionFailsItsBatchOnly() async throws {
        let committer = GroupCommitter<IngestDelivery, IngestReceipt>(maximumBatch: 4, onCommit: nil) { deliveries in
            if deliveries.contains(where: { $0.source == "broken-transaction" }) {
                throw WriteFailure(source: "broken-transaction")
            }
            return deliveries.map { delivery in
                delivery.source == "bad"
                    ? .failure(WriteFailure(source: "bad"))
                    : .success(IngestReceipt(deliveryId: Int64(delivery.body.count), events: []))
            }
        }
        let outcomes = await withTaskGroup(of: (Int, Result<IngestReceipt, any Error>).self) { group in
            for index in 0..<12 {
                group.addTask {
                    let delivery = IngestDelivery(
                        source: index == 5 ? "bad" : "good", receivedAt: Fixture.start, headers: [:],
                        body: Array(repeating: 0, count: index), events: [])
                    do { return (index, .success(try await committer.submit(delivery))) } catch { return (index, .failure(error)) }
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let receipt): #expect(index != 5 && receipt.deliveryId == Int64(index))
            case .failure(let error): #expect(index == 5 && (error as? WriteFailure) == WriteFailure(source: "bad"))
            }
        }
        #expect(committer.statistics.deliveries == 12)
        #expect(committer.statistics.largestBatch <= 4)

        let broken = IngestDelivery(source: "broken-transaction", receivedAt: Fixture.start, headers: [:], body: [], events: [])
        await #expect(throws: WriteFailure(source: "broken-transaction")) { try await committer.submit(broken) }
        await committer.close()
        await #expect(throws: EventStoreError.closed) { try await committer.submit(broken) }
    }

    /// With two writers allowed, a second batch is written while the first
    /// one still waits; never more than two at once; `close` waits for both.
    @Test func concurrentWritersWriteBatchesSideBySide() async throws {
        let writing = Mutex((now: 0, most: 0))
        let gate = Mutex<[CheckedContinuation<Void, Never>]>([])
        let committer = GroupCommitter<Int, Int>(maximumBatch: 1, maximumConcurrentBatches: 2, onCommit: nil) { jobs in
            writing.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            await withCheckedContinuation { continuation in gate.withLock { $0.append(continuation) } }
            writing.withLock { $0.now -= 1 }
            return jobs.map { .success($0 * 10) }
        }
        let results = Task {
            await withTaskGroup(of: Int.self) { group in
                for job in 1...5 { group.addTask { (try? await committer.submit(job)) ?? -1 } }
                return await group.reduce(into: []) { $0.append($1) }.sorted()
            }
        }
        // Both writers start without waiting for each other…
        for _ in 0..<400 where gate.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(writing.withLock { $0.now } == 2)
        // …and each one released lets the next batch in, two at most.
        for _ in 0..<2000 {
            let waiting = gate.withLock { gate in
                defer { gate = [] }
                return gate
            }
            waiting.forEach { $0.resume() }
            if writing.withLock({ $0.now }) == 0, waiting.isEmpty, committer.statistics.deliveries == 5 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await results.value == [10, 20, 30, 40, 50])
        #expect(writing.withLock { $0.most } == 2)
        await committer.close()
    }
}
