/// Whether the server can take deliveries, and if not, why.
public struct Readiness: Sendable, Equatable {
    /// Why the server is not ready; empty when it is.
    public var problems: [String]
    /// What an operator should fix although the server still serves (a
    /// mapping change that could not be put in force).
    public var warnings: [String]

    public init(problems: [String], warnings: [String] = []) {
        self.problems = problems
        self.warnings = warnings
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
