import Foundation
import Testing

/// `patchbay path`, run as a real process.
@Suite struct PathCommandTests {
    let document = #"{"store":{"book":[{"title":"A","price":8.95},{"title":"B","price":12.99,"isbn":"0-553"}],"big":123456789012345678901234567890}}"#

    @Test func printsSelectedValuesAsOneCompactArrayFromStandardInput() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$.store.book[?@.price < 10].title"], input: document)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "[\"A\"]\n")
        #expect(outcome.standardError.isEmpty)
    }

    @Test func readsStandardInputForDash() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$..book[*].price", "-"], input: document)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "[8.95,12.99]\n")
    }

    @Test func keepsBigNumbersExact() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$.store[?@ == 123456789012345678901234567890]"], input: document)
        #expect(outcome.standardOutput == "[123456789012345678901234567890]\n")
    }

    @Test func printsNormalizedPathsWithPathsFlag() async throws {
        let file = try temporaryFile(containing: document)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await PatchBayProcess.run(["path", "$..isbn", file.path, "--paths"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "[\"$['store']['book'][1]['isbn']\"]\n")
    }

    @Test func printsAnEmptyArrayWhenNothingIsSelected() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$.missing"], input: document)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "[]\n")
    }

    @Test func rejectsAnInvalidQueryWithItsOffsetAndExitTwo() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$.a[?@.b == ]"], input: document)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix("patchbay: invalid JSONPath at offset 12: "))
        #expect(outcome.standardError.split(separator: "\n").count == 1)
    }

    @Test func rejectsInvalidJSONWithLineAndColumnAndExitOne() async throws {
        let outcome = try await PatchBayProcess.run(["path", "$"], input: "{\n  \"a\": [1,]\n}")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("patchbay: invalid JSON in standard input: "))
        #expect(outcome.standardError.contains("line 2, column 11"))
    }

    @Test func rejectsAnUnreadableFileWithExitOne() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-missing-\(UUID().uuidString).json")
        let outcome = try await PatchBayProcess.run(["path", "$", missing.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "patchbay: cannot read \(missing.path): No such file or directory\n")
    }

    private func temporaryFile(containing text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-path-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }
}
