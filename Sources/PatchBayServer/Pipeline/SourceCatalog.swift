import Foundation
import PatchBayCore

/// The set of sources in force: every mapping with its verifier, built all or
/// nothing so a half-configured set never serves.
public struct SourceCatalog: Sendable {
    /// The sources by name.
    public let sources: [String: ActiveSource]
    /// The mapping set they were built from.
    public let mappings: MappingSet

    /// Builds a verifier for every mapping in `mappings`, reading each source's
    /// secrets with `readSecret`, under `requirements` (the default timestamp
    /// tolerance; whether a tenant is required). Fails, naming every variable
    /// or file that is missing or unusable and every mapping that misses a
    /// requirement, when any source cannot serve.
    public init(
        mappings: MappingSet, requirements: SourceRequirements = SourceRequirements(),
        readSecret: (SecretReference) throws -> String?
    ) throws(SourceCatalogError) {
        var sources: [String: ActiveSource] = [:]
        var problems: [String] = []
        for mapping in mappings.mappings {
            if let problem = requirements.problem(with: mapping) {
                problems.append(problem)
                continue
            }
            do {
                let verifier = try Self.verifier(for: mapping, defaultTolerance: requirements.defaultTolerance, readSecret: readSecret)
                sources[mapping.source] = ActiveSource(mapping: mapping, verifier: verifier)
            } catch {
                problems.append(error.message)
            }
        }
        guard problems.isEmpty else { throw SourceCatalogError(problems: problems) }
        self.sources = sources
        self.mappings = mappings
    }

    private static func verifier(
        for mapping: Mapping, defaultTolerance: TimestampTolerance, readSecret: (SecretReference) throws -> String?
    ) throws(SourceProblem) -> any WebhookVerifier {
        guard let reference = mapping.verify.secretReference(forSource: mapping.source) else {
            return try makeVerifier(mapping, secrets: [], defaultTolerance: defaultTolerance)
        }
        let text: String?
        do {
            text = try readSecret(reference)
        } catch {
            throw SourceProblem("source '\(mapping.source)': cannot read its secret from \(reference): \(error)")
        }
        guard let text else {
            throw SourceProblem("source '\(mapping.source)' has no secret: set \(reference)")
        }
        let secrets = SecretReference.secrets(in: Array(text.utf8))
        guard !secrets.isEmpty else { throw SourceProblem("source '\(mapping.source)': \(reference) holds no secret") }
        return try makeVerifier(mapping, secrets: secrets, defaultTolerance: defaultTolerance)
    }

    private static func makeVerifier(
        _ mapping: Mapping, secrets: [[UInt8]], defaultTolerance: TimestampTolerance
    ) throws(SourceProblem) -> any WebhookVerifier {
        do {
            return try mapping.verify.makeVerifier(secrets: secrets, defaultTolerance: defaultTolerance)
        } catch {
            throw SourceProblem("source '\(mapping.source)': \(error)")
        }
    }
}

/// Why a ``SourceCatalog`` could not be built: one line per source.
public struct SourceCatalogError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}

/// One source's configuration problem, as a line of ``SourceCatalogError``.
private struct SourceProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
