import PatchBayServer
import PatchBayTransport
import Synchronization

/// Answers each request with the next of its scripted statuses and bodies,
/// repeating the last.
final class ScriptedClient: UpstreamClient {
    private let answers: Mutex<[(Int, String)]>

    init(_ answers: [(Int, String)]) {
        self.answers = Mutex(answers)
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let (status, body) = answers.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
        return TransportResponse(status: status, headers: [:], body: Array(body.utf8), httpVersion: "1.1")
    }
}
