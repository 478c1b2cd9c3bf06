import Foundation

/// What completing a ``CustomerWork`` with an outcome writes, whatever the backend.
struct Completion {
    /// The new status of each update of the work.
    var statuses: [UpdateID: UpdateStatus] = [:]
    /// When a retried update is due again.
    var nextAttemptAt: Date?
    /// How the attempt row records the outcome.
    var attemptOutcome: AttemptOutcome
    /// Per-field event times to keep (the newest per field wins).
    var fieldTimes: [String: Date] = [:]

    /// Plans the completion of `work` against the customer's field times as
    /// stored now (a delivered work is re-planned, as a later claim may have
    /// recorded times since).
    init(_ work: CustomerWork, outcome: PatchOutcome, appliedFieldTimes: [String: Date]) {
        switch outcome {
        case .delivered:
            let plan = PatchPlan(updates: work.updates, appliedFieldTimes: appliedFieldTimes)
            for id in plan.appliedUpdateIds { statuses[id] = .delivered }
            for id in plan.staleUpdateIds { statuses[id] = .skippedStale }
            fieldTimes = plan.fieldTimes
            attemptOutcome = plan.data.isEmpty ? .skippedStale : .delivered
        case .retry(let at):
            for update in work.updates { statuses[update.id] = .pending }
            nextAttemptAt = at
            attemptOutcome = .retry
        case .dead:
            for update in work.updates { statuses[update.id] = .dead }
            attemptOutcome = .dead
        }
    }
}

extension EventStatus {
    /// The status of an event that has updates in these statuses (at least one).
    init(updateStatuses statuses: some Sequence<UpdateStatus>) {
        let statuses = Set(statuses)
        self =
            if statuses.contains(where: \.isOpen) { .pending } else if statuses.contains(.waitingIdentity) {
                .waitingIdentity
            } else if statuses.contains(.dead) { .dead } else { .delivered }
    }
}
