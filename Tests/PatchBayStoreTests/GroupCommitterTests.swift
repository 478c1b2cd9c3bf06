import Foundation
@testable import PatchBayStore
import Testing

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
                        source: index == 5 ? "bad" : "good", receivedAt: Fixture.start, headers: [],
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

        let broken = IngestDelivery(source: "broken-transaction", receivedAt: Fixture.start, headers: [], body: [], events: [])
        await #expect(throws: WriteFailure(source: "broken-transaction")) { try await committer.submit(broken) }
        await committer.close()
        await #expect(throws: PatchBayStoreError.closed) { try await committer.submit(broken) }
    }
}
