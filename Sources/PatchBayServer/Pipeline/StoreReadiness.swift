import Foundation
import PatchBayStore

/// `/readyz`: ready while the store answers a read within a
/// second (see ``StoreResponsiveness``) and takes commits
/// (see ``CommitHealth``) and a valid mapping set is in force. A mapping
/// change that could not be put in force is a warning, not a problem: the
/// previous set still serves every delivery, so the instance stays in its
/// load balancer while the operator fixes the file. A log that refuses
/// commits serves none: each delivery gets 503.
public struct StoreReadiness: ReadinessProbe {
    private let store: StoreResponsiveness
    private let catalog: CatalogHolder
    private let mappingState: MappingState?
    private let commits: CommitHealth?

    /// - Parameter answerLimit: how long a probe waits for the store to answer a read.
    public init(
        store: any EventStore, catalog: CatalogHolder, mappingState: MappingState? = nil, commits: CommitHealth? = nil,
        answerLimit: Duration = .seconds(1)
    ) {
        self.store = StoreResponsiveness(store: store, limit: answerLimit)
        self.catalog = catalog
        self.mappingState = mappingState
        self.commits = commits
    }

    public func readiness() async -> Readiness {
        var problems: [String] = []
        if let silence = await store.problem() { problems.append(silence) }
        if let refusal = commits?.problem(at: Date()) { problems.append(refusal) }
        if catalog.current.sources.isEmpty {
            problems.append("no mapping is loaded")
        }
        let rejected = mappingState?.status.problems ?? []
        let warnings = rejected.isEmpty ? [] : ["the mappings directory has problems; the previous set stays in force"] + rejected
        return Readiness(problems: problems, warnings: warnings)
    }
}
