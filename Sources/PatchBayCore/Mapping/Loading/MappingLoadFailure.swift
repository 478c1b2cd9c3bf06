/// Every problem that kept a mapping file (or a set of them) from loading.
public struct MappingLoadFailure: Error, Sendable, CustomStringConvertible {
    /// The problems, in document order, one per thing to fix.
    public let problems: [MappingProblem]

    public init(problems: [MappingProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
