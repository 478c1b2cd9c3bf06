import Foundation
import GRDB

/// A write of the SQLite store that shares group-commit transactions: ingest,
/// and the dispatcher's claims and completions, so the dispatcher's many small
/// writes do not each cost a commit of their own while deliveries arrive.
enum SQLiteBatchedWrite: Sendable {
    case ingest(IngestDelivery)
    case claim(limit: Int, now: Date, pause: SourcePause?)
    case complete(CustomerWork, outcome: PatchOutcome, attempt: AttemptReport)
    /// A completion, then a claim in the same write.
    case completeThenClaim(CustomerWork, outcome: PatchOutcome, attempt: AttemptReport, limit: Int, now: Date, pause: SourcePause?)

    /// What a write returns.
    enum Output: Sendable {
        case ingested(IngestReceipt)
        case claimed([CustomerWork])
        case completed
    }

    var isDelivery: Bool {
        if case .ingest = self { return true }
        return false
    }

    /// Writes `writes` in one transaction, each all or nothing, one failing
    /// leaving the others in.
    ///
    /// They are first written one after the other: a savepoint per write
    /// would make SQLite copy each page a write changes to a statement
    /// journal, again for every write in the batch. Only when one fails is
    /// that transaction rolled back and the batch written again with a
    /// savepoint around each write.
    static func run(
        _ db: Database, _ writes: [Self], configuration: SQLiteStoreConfiguration, identities: SQLiteIdentities?
    ) throws -> [Result<Output, any Error>] {
        var outputs: [Output] = []
        try db.inTransaction {
            do {
                outputs = try writes.map { try $0.apply(db, configuration: configuration, identities: identities) }
                return .commit
            } catch {
                outputs = []
                return .rollback
            }
        }
        if outputs.count == writes.count { return outputs.map { .success($0) } }
        var results: [Result<Output, any Error>] = []
        try db.inTransaction {
            results = writes.map { write in
                Result {
                    var output = Output.completed
                    try db.inSavepoint {
                        output = try write.apply(db, configuration: configuration, identities: identities)
                        return .commit
                    }
                    return output
                }
            }
            return .commit
        }
        return results
    }

    private func apply(_ db: Database, configuration: SQLiteStoreConfiguration, identities: SQLiteIdentities?) throws -> Output {
        switch self {
        case .ingest(let delivery):
            return .ingested(try SQLiteIngest.insert(db, delivery, identities: identities))
        case .claim(let limit, let now, let pause):
            return .claimed(try SQLiteDispatch.claim(db, limit: limit, now: now, pause: pause, configuration: configuration))
        case .complete(let work, let outcome, let attempt):
            try SQLiteDispatch.complete(db, work, outcome: outcome, attempt: attempt, configuration: configuration)
            return .completed
        case .completeThenClaim(let work, let outcome, let attempt, let limit, let now, let pause):
            try SQLiteDispatch.complete(db, work, outcome: outcome, attempt: attempt, configuration: configuration)
            return .claimed(try SQLiteDispatch.claim(db, limit: limit, now: now, pause: pause, configuration: configuration))
        }
    }
}
