import Foundation
import PatchBayCore
import Synchronization

/// One request to the mock Reach's customer API, as received.
public struct JournalEntry: Sendable, Equatable {
    /// 1 for the first request received, then 2, 3…
    public var sequence: Int
    public var method: String
    /// The request target as sent: percent-encoded path and query.
    public var path: String
    /// The customer's externalId, percent-decoded.
    public var externalId: String
    /// The `reach-tenant-id` header.
    public var tenant: String?
    /// The `Idempotency-Key` header.
    public var idempotencyKey: String?
    /// The body, as received.
    public var body: [UInt8]
    public var receivedAt: Date
    /// The status answered; `nil` while the request is being answered or when
    /// its connection was dropped.
    public var status: Int?
    /// Whether the connection was reset instead of answered.
    public var dropped: Bool
    /// Whether the request was held past the client's patience before its
    /// connection was reset (a timeout, for the client).
    public var stalled: Bool

    /// The entry as the JSON object `GET /_mock/requests` lists: the body is
    /// embedded as JSON when it parses, else as a string.
    var json: JSONValue {
        let parsedBody = (try? JSONParser().parse(body)) ?? .string(String(decoding: body, as: UTF8.self))
        return [
            "sequence": .number(JSONNumber(sequence)),
            "method": .string(method),
            "path": .string(path),
            "externalId": .string(externalId),
            "tenant": tenant.map(JSONValue.string) ?? .null,
            "idempotencyKey": idempotencyKey.map(JSONValue.string) ?? .null,
            "body": parsedBody,
            "receivedAt": .string(ReachEnvelope.timestamp(receivedAt)),
            "status": status.map { .number(JSONNumber($0)) } ?? .null,
            "dropped": .bool(dropped),
            "stalled": .bool(stalled),
        ]
    }
}

/// Every request to the mock Reach's customer API in the order received, so
/// tests and benchmarks can check order and duplicates.
public final class RequestJournal: Sendable {
    private struct State {
        var entries: [JournalEntry] = []
        var nextSequence = 1
    }

    private let state = Mutex(State())
    private let onComplete: (@Sendable (JournalEntry) -> Void)?

    /// - Parameter onComplete: called with each entry once its request is
    ///   answered or dropped (to keep the journal outside the process).
    public init(onComplete: (@Sendable (JournalEntry) -> Void)? = nil) {
        self.onComplete = onComplete
    }

    /// The entries, oldest first.
    public var entries: [JournalEntry] { state.withLock { $0.entries } }

    /// Forgets every entry; numbering goes on from where it was.
    public func reset() {
        state.withLock { $0.entries.removeAll() }
    }

    /// Records a request and returns its sequence number.
    func record(_ entry: JournalEntry) -> Int {
        state.withLock { state in
            var entry = entry
            entry.sequence = state.nextSequence
            state.nextSequence += 1
            state.entries.append(entry)
            return entry.sequence
        }
    }

    /// Records how the request numbered `sequence` ended.
    func complete(_ sequence: Int, status: Int?, dropped: Bool = false, stalled: Bool = false) {
        let completed = state.withLock { state -> JournalEntry? in
            guard let index = state.entries.lastIndex(where: { $0.sequence == sequence }) else { return nil }
            state.entries[index].status = status
            state.entries[index].dropped = dropped
            state.entries[index].stalled = stalled
            return state.entries[index]
        }
        if let completed { onComplete?(completed) }
    }
}
