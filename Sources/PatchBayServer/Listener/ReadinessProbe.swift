/// Whether the server can take deliveries, and if not, why.
public struct Readiness: Sendable, Equatable {
    /// Why the server is not ready; empty when it is.
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    /// Ready: no problems.
    public static let ready = Readiness(problems: [])

    public var isReady: Bool { problems.isEmpty }
}

/// What `GET /readyz` asks: the store is open, the mappings are loaded and
/// valid, and whatever else the server needs before taking deliveries.
public protocol ReadinessProbe: Sendable {
    func readiness() async -> Readiness
}
