import PatchBayStore

/// `/readyz`: ready while the idempotency log answers and a valid mapping
/// set is in force.
public struct StoreReadiness: ReadinessProbe {
    private let store: any PatchBayStore
    private let catalog: CatalogHolder

    public init(store: any PatchBayStore, catalog: CatalogHolder) {
        self.store = store
        self.catalog = catalog
    }

    public func readiness() async -> Readiness {
        var problems: [String] = []
        do {
            _ = try await store.nextDueTime()
        } catch {
            problems.append("the idempotency log does not answer: \(error)")
        }
        if catalog.current.sources.isEmpty {
            problems.append("no mapping is loaded")
        }
        return Readiness(problems: problems)
    }
}
