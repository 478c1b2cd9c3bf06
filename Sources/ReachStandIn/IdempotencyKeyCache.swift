import HTTPTypes
import Hummingbird
import Synchronization

/// The answers a mock Reach gave to requests carrying an `Idempotency-Key`
/// (with ``MockReachOptions/deduplicatesIdempotencyKeys``): a later request
/// with the same key gets the first answer again, marked
/// `Idempotent-Replayed: true`, and changes nothing, as an upstream that
/// honours the header does. Only successful answers are kept, so a request
/// that failed may be retried under its key.
final class IdempotencyKeyCache: Sendable {
    private let answers = Mutex<[String: Response]>([:])

    /// The answer first given to `key`, replayed; `nil` when the key is new.
    func replay(_ key: String) -> Response? {
        guard var answer = answers.withLock({ $0[key] }) else { return nil }
        answer.headers[.idempotentReplayed] = "true"
        return answer
    }

    /// Keeps `answer` for `key` when it is a success and the key is new.
    func remember(_ answer: Response, for key: String) {
        guard (200..<300).contains(answer.status.code) else { return }
        answers.withLock { answers in
            if answers[key] == nil { answers[key] = answer }
        }
    }
}

extension HTTPField.Name {
    /// Marks an answer replayed for a repeated `Idempotency-Key`.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
