/// The mappings of a whole directory, one per source, loaded together so
/// that a set is either entirely valid or not used at all.
public struct MappingSet: Sendable {
    /// The mappings, sorted by source name.
    public let mappings: [Mapping]
    private let bySource: [String: Mapping]

    /// The mapping of `source`.
    public subscript(source: String) -> Mapping? { bySource[source] }

    /// The source names, sorted.
    public var sources: [String] { mappings.map(\.source) }

    /// The PII fields of every schema in force, by name (for log redaction).
    public var piiFields: [String: PIIKind] {
        mappings.reduce(into: [:]) { all, mapping in all.merge(mapping.schema.piiFields) { first, _ in first } }
    }

    /// Loads every file; throws every problem of every file, plus sources
    /// named twice and sources whose default secret variables collide.
    ///
    /// - Parameters:
    ///   - files: each file's path and bytes (the caller reads them).
    ///   - readFile: reads a file a mapping refers to (see
    ///     ``Mapping/load(file:contents:readFile:)``).
    public init(files: [(path: String, contents: [UInt8])], readFile: (String) throws -> [UInt8]) throws(MappingLoadFailure) {
        var problems: [MappingProblem] = []
        var mappings: [Mapping] = []
        for file in files {
            do {
                mappings.append(try Mapping.load(file: file.path, contents: file.contents, readFile: readFile))
            } catch {
                problems += error.problems
            }
        }
        problems += MappingSet.conflicts(among: mappings)
        guard problems.isEmpty else { throw MappingLoadFailure(problems: problems) }
        self.mappings = mappings.sorted { $0.source < $1.source }
        self.bySource = Dictionary(uniqueKeysWithValues: mappings.map { ($0.source, $0) })
    }

    /// Problems with sources that share a name or a secret variable, for
    /// callers that load files one by one (`patchbay check`).
    public static func conflicts(among mappings: [Mapping]) -> [MappingProblem] {
        var problems: [MappingProblem] = []
        var firstBySource: [String: Mapping] = [:]
        var firstByVariable: [String: Mapping] = [:]
        let location = Location.root.appending("source").path
        for mapping in mappings {
            if let first = firstBySource[mapping.source] {
                problems.append(
                    MappingProblem(
                        file: mapping.file, location: location,
                        message: "source '\(mapping.source)' is already defined in \(first.file ?? "another file")", expected: "one file per source"))
            } else if let first = firstByVariable[mapping.defaultSecretVariable] {
                problems.append(
                    MappingProblem(
                        file: mapping.file, location: location,
                        message:
                            "source '\(mapping.source)' would share the secret variable \(mapping.defaultSecretVariable) with source '\(first.source)'",
                        expected: "source names that differ in more than '-' and '_'"))
            }
            firstBySource[mapping.source] = firstBySource[mapping.source] ?? mapping
            firstByVariable[mapping.defaultSecretVariable] = firstByVariable[mapping.defaultSecretVariable] ?? mapping
        }
        return problems
    }
}
