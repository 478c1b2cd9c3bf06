import Foundation
import TestSupport
import Testing

/// `patchbay --version`: the release number and the commit the binary was built from.
@Suite struct VersionCommandTests {
    @Test func theVersionNamesTheCommitOfTheBuild() async throws {
        let version = try await PatchBayProcess.run(["--version"])
        #expect(version.status == 0, "\(version.standardError)")
        let printed = try #require(
            version.standardOutput.wholeMatch(of: /([0-9]+\.[0-9]+\.[0-9]+) \(commit ([0-9a-f]{12}(?:-modified)?|unknown)\)\n/))
        let root = Repository.root
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", root.path, "rev-parse", "--short=12", "HEAD"]
        let output = Pipe()
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        try git.run()
        git.waitUntilExit()
        let head = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if git.terminationStatus == 0 {
            // Built from this checkout: the commit is its HEAD (with or without local changes).
            #expect(printed.output.2.hasPrefix(head), "printed \(printed.output.2), HEAD is \(head)")
        } else {
            #expect(printed.output.2 == "unknown")
        }
    }
}
