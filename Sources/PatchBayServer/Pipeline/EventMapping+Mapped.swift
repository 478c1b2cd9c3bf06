import PatchBayCore
import PatchBayStore

extension EventMapping {
    /// What the log keeps of what a mapping produced for one event: its
    /// updates with the fields left out, or the errors that stopped it.
    init(_ event: MappedEvent) {
        let problems = event.problems.map(\.description)
        if event.errors.isEmpty {
            self = .updates(
                event.updates.map {
                    NewUpdate(
                        customer: CustomerKey(tenant: $0.tenant, externalId: $0.externalId),
                        data: $0.data, allowExtraFields: $0.allowExtraFields)
                },
                problems: problems.isEmpty ? nil : "fields left out: " + problems.joined(separator: "; "))
        } else {
            self = .failed((event.errors.map(\.description) + problems).joined(separator: "; "))
        }
    }
}
