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
    /// The `User-Agent` header.
    public var userAgent: String?
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
            "userAgent": userAgent.map(JSONValue.string) ?? .null,
            "body": parsedBody,
            "receivedAt": .string(ReachEnvelope.timestamp(receivedAt)),
            "status": status.map { .number(JSONNumber($0)) } ?? .null,
            "dropped": .bool(dropped),
            "stalled": .bool(stalled),
        ]
    }
}

/// Every request to the mock Reach's customer API in the order received, so
/// tests and benchmarks can check order and duplicates — or, with a limit,
/// only the most recent ones, so a long load does not grow the process
/// without bound (each entry keeps its body).
public final class RequestJournal: Sendable {
    private struct State {
        var entries: [JournalEntry] = []
        var nextSequence = 1
    }

    private let state = Mutex(State())
    private let limit: Int?
    private let onComplete: (@Sendable (JournalEntry) -> Void)?

    /// - Parameters:
    ///   - limit: how many of the most recent entries to keep (0 keeps none);
    ///     `nil` keeps every entry.
    ///   - onComplete: called with each entry once its request is answered or
    ///     dropped (to keep the journal outside the process).
    public init(limit: Int? = nil, onComplete: (@Sendable (JournalEntry) -> Void)? = nil) {
        self.limit = limit.map { max(0, $0) }
        self.onComplete = onComplete
    }

    /// The entries, oldest first.
    public var entries: [JournalEntry] {
        state.withLock { state in limit.map { Array(state.entries.suffix($0)) } ?? state.entries }
    }

    /// Forgets every entry; numbering goes on from where it was.
    public func reset() {
        state.withLock { $0.entries.removeAll() }
    }

    /// Records a request and returns it with its sequence number.
    func record(_ entry: JournalEntry) -> JournalEntry {
        state.withLock { state in
            var entry = entry
            entry.sequence = state.nextSequence
            state.nextSequence += 1
            state.entries.append(entry)
            if let limit, state.entries.count > 2 * limit {
                // Trimmed in bulk so recording stays O(1) amortised; `entries` shows the last `limit`.
                state.entries.removeFirst(state.entries.count - limit)
            }
            return entry
        }
    }

    /// Records how the request `entry` (as ``record(_:)`` returned it) ended.
    func complete(_ entry: JournalEntry, status: Int?, dropped: Bool = false, stalled: Bool = false) {
        var completed = entry
        completed.status = status
        completed.dropped = dropped
        completed.stalled = stalled
        state.withLock { state in
            // The entry may have been trimmed away already (see `limit`).
            guard let index = state.entries.lastIndex(where: { $0.sequence == entry.sequence }) else { return }
            state.entries[index] = completed
        }
        onComplete?(completed)
    }
}
