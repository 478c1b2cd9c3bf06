import ArgumentParser
import PatchBayCore
import PatchBayServer

/// `patchbay check`: loads mapping files, reports every problem, runs every
/// embedded test.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate mapping files and run their embedded tests.",
        discussion: """
            Loads every mapping file (each FILE given, and every *.json file in each DIRECTORY except \
            *.schema.json), prints every problem as 'file: location: message (expected …)', runs every \
            embedded test and prints PASS or FAIL for each, with the expected and actual updates on failure. \
            Exits 1 when any file has a problem or any test fails.
            """
    )

    @Argument(help: "Mapping files or directories (default: the mappings directory serve reads: PATCHBAY_MAPPINGS, the config file, or ./mappings).")
    var paths: [String] = []

    @OptionGroup var settings: CommandSettings

    @Option(
        help: ArgumentHelp(
            "Identities every test may look customers up in, besides those it declares: CSV (externalId,email,phone[,tenant]) or NDJSON.",
            valueName: "file"))
    var identities: String?

    func run() async throws {
        let fixture = try IdentityFixture.load(identities)
        let paths =
            self.paths.isEmpty
            ? [try await settings.load([.mappings], given: []).mappingsDirectory] : self.paths
        let files = try MappingFiles.commandFiles(paths)
        var problems: [MappingProblem] = []
        var mappings: [Mapping] = []
        for file in files {
            do {
                mappings.append(try Mapping.load(file: file.path, contents: file.contents) { path in try MappingFiles.read(path) })
            } catch {
                problems += error.problems
            }
        }
        problems += MappingSet.conflicts(among: mappings)
        problems.forEach { print($0) }
        var passed = 0
        var failed = 0
        for mapping in mappings {
            for result in mapping.runTests(assuming: fixture) {
                if let failure = result.failure {
                    failed += 1
                    print("FAIL \(mapping.source): \(result.name)")
                    print(failure.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
                } else {
                    passed += 1
                    print("PASS \(mapping.source): \(result.name)")
                }
            }
        }
        let problemCount = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        print("\(files.count) file(s), \(mappings.count) loaded, \(problemCount); \(passed + failed) test(s): \(passed) passed, \(failed) failed")
        if !problems.isEmpty || failed > 0 { throw CommandFailure.silent }
    }
}
