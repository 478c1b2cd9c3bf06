import Foundation
import Testing

@testable import PatchBayCore

/// Runs every case of the RFC 9535 JSONPath Compliance Test Suite, read from
/// `shared/jsonpath-cts/cts.json` beside the repository.
@Suite struct JSONPathComplianceTests {
    /// One case of the suite.
    struct ComplianceCase {
        let name: String
        let selector: String
        let invalid: Bool
        let document: JSONValue?
        /// The allowed results: one, or several when member order may vary.
        let results: [[JSONValue]]
        /// The normalized paths of each allowed result.
        let resultPaths: [[String]]
    }

    static let suiteURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/jsonpath-cts/cts.json")

    static func loadCases() throws -> [ComplianceCase] {
        let suite = try JSONParser().parse(Data(contentsOf: suiteURL))
        let tests = try #require(suite["tests"]?.arrayValue, "cts.json has no 'tests' array")
        return try tests.map { test throws -> ComplianceCase in
            let name = try #require(test["name"]?.stringValue)
            let selector = try #require(test["selector"]?.stringValue, "case \(name) has no selector")
            let results = test["result"].map { [$0] } ?? test["results"]?.arrayValue ?? []
            let paths = test["result_paths"].map { [$0] } ?? test["results_paths"]?.arrayValue ?? []
            return ComplianceCase(
                name: name,
                selector: selector,
                invalid: test["invalid_selector"] == .bool(true),
                document: test["document"],
                results: results.map { $0.arrayValue ?? [] },
                resultPaths: paths.map { ($0.arrayValue ?? []).compactMap(\.stringValue) }
            )
        }
    }

    @Test func passesEveryComplianceCase() throws {
        let cases = try Self.loadCases()
        #expect(!cases.isEmpty)
        var passed = 0
        for testCase in cases where check(testCase) { passed += 1 }
        #expect(passed == cases.count, "\(passed) of \(cases.count) compliance cases passed")
    }

    /// Checks one case, recording an issue naming it when it fails.
    private func check(_ testCase: ComplianceCase) -> Bool {
        let label = Comment(rawValue: "\(testCase.name): \(testCase.selector)")
        let path: JSONPath
        do {
            path = try JSONPath(testCase.selector)
        } catch {
            if !testCase.invalid { Issue.record("rejected a valid query (\(error)) — \(label)") }
            return testCase.invalid
        }
        guard !testCase.invalid else {
            Issue.record("accepted an invalid query — \(label)")
            return false
        }
        guard let document = testCase.document, !testCase.results.isEmpty else {
            Issue.record("case has no document or result — \(label)")
            return false
        }
        let values = path.select(document)
        let nodes = path.nodes(document)
        let paths = nodes.map(\.path)
        let matches = testCase.results.indices.contains { index in
            testCase.results[index] == values && testCase.results[index] == nodes.map(\.value)
                && (testCase.resultPaths.isEmpty || testCase.resultPaths[index] == paths)
        }
        if !matches {
            Issue.record("got \(JSONValue.array(values)) at \(paths), expected one of \(testCase.results) at \(testCase.resultPaths) — \(label)")
        }
        return matches
    }
}
