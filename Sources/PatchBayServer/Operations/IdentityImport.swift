import PatchBayCore
import PatchBayStore

/// An import of identity records, line by line (CSV with a header, or
/// NDJSON; see ``IdentityLineReader``), recorded in batches: what
/// `patchbay identities import` and `POST /api/identities` share.
public struct IdentityImport: Sendable {
    private let store: any EventStore
    private var reader = IdentityLineReader()
    private var batch: [IdentityRecord] = []
    /// Records per transaction.
    public let batchSize: Int
    /// Records by what recording them changed.
    public private(set) var changes: [IdentityChange: Int] = [:]
    /// Lines refused.
    public private(set) var refused = 0
    /// Waiting updates that became pending.
    public private(set) var releasedUpdates = 0

    public init(store: any EventStore, batchSize: Int = 1000) {
        self.store = store
        self.batchSize = max(1, batchSize)
    }

    /// Reads one line; returns why it is refused, or `nil`. Throws
    /// ``IdentityFileError`` when the header makes the input unreadable.
    public mutating func read(_ line: some Collection<UInt8>) throws(IdentityFileError) -> IdentityRecordRefusal? {
        do {
            if let record = try reader.read(line) { batch.append(record) }
            return nil
        } catch let error as IdentityFileError {
            throw error
        } catch {
            refused += 1
            return error as? IdentityRecordRefusal ?? IdentityRecordRefusal("\(error)")
        }
    }

    /// Whether a full batch is waiting for ``flush()``.
    public var isBatchFull: Bool { batch.count >= batchSize }

    /// Records the lines read since the last flush, in one transaction.
    public mutating func flush() async throws {
        guard !batch.isEmpty else { return }
        let report = try await store.recordIdentities(batch, now: .now)
        batch.removeAll(keepingCapacity: true)
        for change in report.changes { changes[change, default: 0] += 1 }
        releasedUpdates += report.releasedUpdates
    }

    /// `added 1, changed 0, unchanged 0, refused 0; released 0 waiting update(s)`.
    public var summary: String {
        "added \(changes[.added] ?? 0), changed \(changes[.changed] ?? 0), unchanged \(changes[.unchanged] ?? 0), "
            + "refused \(refused); released \(releasedUpdates) waiting update(s)"
    }

    /// The counts as JSON, for the admin API.
    public var json: JSONObject {
        JSONObject(
            IdentityChange.allCases.map { (key: $0.rawValue, value: .number(JSONNumber(changes[$0] ?? 0))) } + [
                (key: "refused", value: .number(JSONNumber(refused))),
                (key: "releasedUpdates", value: .number(JSONNumber(releasedUpdates))),
            ])
    }
}
