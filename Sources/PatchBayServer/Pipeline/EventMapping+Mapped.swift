import PatchBayCore
import PatchBayStore

extension EventMapping {
    /// What the store keeps of what a mapping produced for one event: its
    /// updates (those of a known customer, then those found by lookup) with
    /// the fields left out, or the errors that stopped it.
    init(_ event: MappedEvent) {
        let problems = event.problems.map(\.description)
        if event.errors.isEmpty {
            let direct = event.updates.map {
                NewUpdate(
                    customer: CustomerKey(tenant: $0.tenant, externalId: $0.externalId),
                    data: $0.data, allowExtraFields: $0.allowExtraFields)
            }
            let lookups = event.lookups.map {
                NewUpdate(target: .lookup(tenant: $0.tenant, $0.lookup), data: $0.data, allowExtraFields: $0.allowExtraFields)
            }
            self = .updates(
                direct + lookups,
                problems: problems.isEmpty ? nil : "fields left out: " + problems.joined(separator: "; "))
        } else {
            self = .failed((event.errors.map(\.description) + problems).joined(separator: "; "))
        }
    }
}
