import Foundation
import PatchBayCore

/// The PATCH body for a customer's claimed updates, with stale-write protection.
///
/// Updates are folded in acceptance order; later fields win. Rule for an
/// update with event time `T`: each field whose applied time (recorded, or
/// set by an earlier update of the same fold) is newer than `T` is left out.
/// An update without an event time always applies and records no time. An
/// update that sets at least one field and has every field left out is
/// stale. Equal times apply (a replayed event re-applies its own values).
public struct PatchPlan: Sendable, Hashable {
    /// The merged fields to send; empty when every update is stale.
    public var data: JSONObject
    /// Updates that contributed at least one field, or set none.
    public var appliedUpdateIds: [UpdateID]
    /// Updates whose every field was stale.
    public var staleUpdateIds: [UpdateID]
    /// The fields left out, per update.
    public var skippedFields: [UpdateID: [String]]
    /// The newest event time applied per field by these updates: what to
    /// record once delivered. A field last set without an event time keeps
    /// the time an earlier update gave it, as if delivered one by one.
    public var fieldTimes: [String: Date]

    /// Plans `updates` (in acceptance order) against the times already applied per field.
    public init(updates: [ClaimedUpdate], appliedFieldTimes: [String: Date]) {
        var data = JSONObject()
        var times = appliedFieldTimes
        var recorded: [String: Date] = [:]
        var applied: [UpdateID] = []
        var stale: [UpdateID] = []
        var skipped: [UpdateID: [String]] = [:]
        for update in updates {
            var skippedHere: [String] = []
            for (field, value) in update.data {
                if let eventTime = update.eventTime {
                    if let newest = times[field], newest > eventTime {
                        skippedHere.append(field)
                        continue
                    }
                    times[field] = eventTime
                    recorded[field] = eventTime
                }
                data[field] = value
            }
            if !skippedHere.isEmpty { skipped[update.id] = skippedHere }
            if !update.data.isEmpty && skippedHere.count == update.data.count {
                stale.append(update.id)
            } else {
                applied.append(update.id)
            }
        }
        self.data = data
        self.appliedUpdateIds = applied
        self.staleUpdateIds = stale
        self.skippedFields = skipped
        self.fieldTimes = recorded
    }
}
