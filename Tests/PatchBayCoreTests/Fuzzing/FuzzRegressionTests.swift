import Foundation
import Testing

/// Replays every committed fuzz input — the seed corpora in `Fuzz/corpus/`
/// and the crashers kept in `Fuzz/regressions/` — through the fuzzers' own
/// entry points, so CI checks them without libFuzzer (see Fuzz/run.sh).
@Suite struct FuzzRegressionTests {
    private static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The files of `Fuzz/<kind>/<target>/`, none when the directory is absent.
    private static func inputs(_ kind: String, _ target: FuzzTarget) throws -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyKeptInputIsHandled(_ target: FuzzTarget) throws {
        let corpus = try Self.inputs("corpus", target)
        #expect(!corpus.isEmpty, "Fuzz/corpus/\(target.rawValue) has no seed")
        for file in try corpus + Self.inputs("regressions", target) {
            let violation = target.run(Array(try Data(contentsOf: file)))
            #expect(violation == nil, "\(file.lastPathComponent): \(violation ?? "")")
        }
    }

    /// The seeds named `official*`, built from the providers' official test
    /// vectors, and `computed*`, from vectors computed from their
    /// documentation, pass a verifier, so the fuzzers start from requests
    /// that reach the signature check. Every target has such a seed (official
    /// where the provider publishes a vector; AWS publishes none for SNS).
    @Test(arguments: FuzzTarget.allCases.filter(\.readsRequest))
    func officialSeedsVerify(_ target: FuzzTarget) throws {
        let seeds = try Self.inputs("corpus", target).filter { ["official", "computed"].contains(where: $0.lastPathComponent.hasPrefix) }
        #expect(!seeds.isEmpty)
        for seed in seeds {
            #expect(target.acceptingVerifiers(Array(try Data(contentsOf: seed))) > 0, "\(seed.lastPathComponent)")
        }
    }
}
