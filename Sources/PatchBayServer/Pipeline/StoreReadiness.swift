import Foundation
import PatchBayStore

/// `/readyz`: ready while the idempotency log answers and takes commits
/// (see ``CommitHealth``) and a valid mapping set is in force. A mapping
/// change that could not be put in force is a warning, not a problem: the
/// previous set still serves every delivery, so the instance stays in its
/// load balancer while the operator fixes the file. A log that refuses
/// commits serves none: each delivery gets 503.
public struct StoreReadiness: ReadinessProbe {
    private let store: any PatchBayStore
    private let catalog: CatalogHolder
    private let mappingState: MappingState?
    private let commits: CommitHealth?

    public init(store: any PatchBayStore, catalog: CatalogHolder, mappingState: MappingState? = nil, commits: CommitHealth? = nil) {
        self.store = store
        self.catalog = catalog
        self.mappingState = mappingState
        self.commits = commits
    }

    public func readiness() async -> Readiness {
        var problems: [String] = []
        do {
            _ = try await store.nextDueTime()
        } catch {
            problems.append("the idempotency log does not answer: \(error)")
        }
        if let refusal = commits?.problem(at: Date()) { problems.append(refusal) }
        if catalog.current.sources.isEmpty {
            problems.append("no mapping is loaded")
        }
        let rejected = mappingState?.status.problems ?? []
        let warnings = rejected.isEmpty ? [] : ["the mappings directory has problems; the previous set stays in force"] + rejected
        return Readiness(problems: problems, warnings: warnings)
    }
}
