import Foundation
import TestSupport
import Testing

/// The production server does not depend on the Reach stand-in: the stand-in
/// is for trials and tests, and only `patchbay` (which starts it for
/// `mock-reach` and `serve --upstream standin`) and the tests may use it.
@Suite struct ModuleBoundaryTests {
    @Test func theManifestGivesTheServerNoStandIn() throws {
        let manifest = try String(contentsOf: Repository.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let dependencies = try #require(Self.dependencies(of: "PatchBayServer", in: manifest), "no PatchBayServer target in Package.swift")
        #expect(!dependencies.contains("\"ReachStandIn\""), "PatchBayServer depends on ReachStandIn: \(dependencies)")
    }

    @Test func noServerSourceImportsTheStandIn() throws {
        let sources = Repository.root.appendingPathComponent("Sources/PatchBayServer")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.isEmpty == false)
        let importing = try files.filter { file in
            try String(contentsOf: file, encoding: .utf8).split(separator: "\n").contains { Self.importsStandIn($0) }
        }
        #expect(importing.isEmpty, "PatchBayServer sources import ReachStandIn: \(importing.map(\.lastPathComponent))")
    }

    /// Whether `line` imports the stand-in: `import ReachStandIn`, with any
    /// attribute, access level or import kind (`import struct ReachStandIn.MockReach`).
    static func importsStandIn(_ line: Substring) -> Bool {
        let pattern = #"^\s*(@\w+\s+)*(\w+\s+)?import\s+(\w+\s+)?ReachStandIn\b"#
        return String(line).range(of: pattern, options: .regularExpression) != nil
    }

    /// The text of the `dependencies: [...]` list of the target named `name`,
    /// comments left out, or `nil` when the manifest has no such target.
    static func dependencies(of name: String, in manifest: String) -> Substring? {
        let code = manifest.split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)[0] }
            .joined(separator: "\n")
        guard let target = code.range(of: #"\.target\(\s*name:\s*"\#(name)""#, options: .regularExpression),
            let list = code.range(of: "dependencies: [", range: target.upperBound..<code.endIndex)
        else { return nil }
        var depth = 1
        var end = list.upperBound
        while end < code.endIndex, depth > 0 {
            if code[end] == "[" { depth += 1 } else if code[end] == "]" { depth -= 1 }
            end = code.index(after: end)
        }
        return code[list.lowerBound..<end]
    }
}
