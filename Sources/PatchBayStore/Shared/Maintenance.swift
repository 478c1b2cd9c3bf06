/// The loops of long maintenance work, run as many small transactions so
/// that ingest never waits long behind them; the same for every backend.
enum Maintenance {
    /// Prunes events, then field times, then expired single-use tokens, one
    /// batch of `limit` at a time, until a batch comes back short. See
    /// ``PatchBayStore/pruneFinished(before:)``.
    static func prune(
        limit: Int, events: () async throws -> PruneReport, fieldTimes: () async throws -> Int,
        singleUseTokens: () async throws -> Int
    ) async throws -> PruneReport {
        var report = PruneReport()
        var batch: PruneReport
        repeat {
            batch = try await events()
            report.add(batch)
            await Task.yield()
        } while batch.events == limit
        report.fieldTimes = try await drain(limit: limit, fieldTimes)
        report.singleUseTokens = try await drain(limit: limit, singleUseTokens)
        return report
    }

    /// Runs `batch` (which deletes up to `limit` rows and says how many)
    /// until a batch comes back short; returns how many rows went in all.
    static func drain(limit: Int, _ batch: () async throws -> Int) async throws -> Int {
        var total = 0
        var pruned: Int
        repeat {
            pruned = try await batch()
            total += pruned
            await Task.yield()
        } while pruned == limit
        return total
    }

    /// Replays dead events one batch at a time until none is left (replayed
    /// events stop being dead, so each batch picks the next ones).
    static func replayDead(batch: () async throws -> ReplayReport) async throws -> ReplayReport {
        var total = ReplayReport()
        while true {
            let report = try await batch()
            guard report.replayedEvents > 0 else { return total }
            total.replayedEvents += report.replayedEvents
            total.requeuedUpdates += report.requeuedUpdates
        }
    }
}
