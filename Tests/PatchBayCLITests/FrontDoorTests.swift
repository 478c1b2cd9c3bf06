import Foundation
import Testing

/// README.md and the manual in docs/: the commands README gives are the ones
/// the project runs, every chapter can be reached from README, and every
/// relative link leads to a file and heading that exist.
@Suite struct FrontDoorTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// README.md and every page of docs/, as paths from the repository.
    private static func pages() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("docs").path)
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// The shell command in the fenced block that follows `label` in README.md.
    private static func readmeCommand(after label: String) throws -> String {
        let readme = try text("README.md")
        let after = try #require(readme.range(of: label), "README.md has no '\(label)'")
        let block = try #require(readme[after.upperBound...].firstMatch(of: #/```sh\n([^\n]+)\n```/#))
        return String(block.output.1)
    }

    @Test func ciRunsTheTestCommandReadmeGives() throws {
        let command = try Self.readmeCommand(after: "**Run the tests:**")
        let ciCommands = try Self.text(".ci/run").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(ciCommands.last.map(String.init) == command, ".ci/run must end by running README's test command, '\(command)'")
        for label in ["**Set up and run the bridge:**", "**Run the tests:**"] {
            let script = try Self.readmeCommand(after: label)
            #expect(
                FileManager.default.isExecutableFile(atPath: Self.repository.appendingPathComponent(script).path),
                "\(script) is not an executable script")
        }
    }

    @Test func readmeIsAFrontDoorNotTheManual() throws {
        let lines = try Self.text("README.md").split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 250, "README.md has \(lines) lines; the manual belongs in docs/")
    }

    @Test func everyChapterIsReachableFromTheReadme() throws {
        var reached: Set<String> = ["README.md"]
        var queue = ["README.md"]
        while let page = queue.popLast() {
            for link in try Self.links(in: page) where link.file.hasSuffix(".md") && reached.insert(link.file).inserted {
                queue.append(link.file)
            }
        }
        let unreached = try Self.pages().filter { !reached.contains($0) }
        #expect(unreached.isEmpty, "not reachable from README.md: \(unreached)")
    }

    @Test func everyRelativeLinkLeadsToAFileAndHeading() throws {
        var broken: [String] = []
        for page in try Self.pages() {
            for link in try Self.links(in: page) {
                guard FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(link.file).path) else {
                    broken.append("\(page): \(link.file) does not exist")
                    continue
                }
                if let anchor = link.anchor, link.file.hasSuffix(".md"), !(try Self.anchors(of: link.file).contains(anchor)) {
                    broken.append("\(page): \(link.file) has no heading #\(anchor)")
                }
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    /// The relative links of `page` outside code, as repository paths with their anchors.
    private static func links(in page: String) throws -> [(file: String, anchor: String?)] {
        let directory = page.split(separator: "/").dropLast().map(String.init)
        return try prose(of: page).matches(of: #/\]\(([^)\s]+)\)/#).compactMap { match in
            let target = String(match.output.1)
            guard !target.contains("://"), !target.hasPrefix("mailto:") else { return nil }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file = parts[0].isEmpty ? page : resolved(parts[0], from: directory)
            return (file, parts.count > 1 ? parts[1] : nil)
        }
    }

    /// `path` relative to the folder `directory`, as a path from the repository.
    private static func resolved(_ path: String, from directory: [String]) -> String {
        var components = directory
        for component in path.split(separator: "/").map(String.init) where component != "." {
            if component == "..", !components.isEmpty { components.removeLast() } else { components.append(component) }
        }
        return components.joined(separator: "/")
    }

    /// The anchors GitHub gives the headings of `page`: lower case, spaces as
    /// hyphens, punctuation other than hyphens and underscores dropped.
    private static func anchors(of page: String) throws -> Set<String> {
        Set(
            try prose(of: page).split(separator: "\n").filter { $0.hasPrefix("#") }.map { heading in
                let title = heading.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                return String(title.compactMap { $0 == " " ? "-" : ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : nil })
            })
    }

    /// The text of `page` without its fenced code blocks.
    private static func prose(of page: String) throws -> String {
        var inCode = false
        return try text(page).split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("```") {
                inCode.toggle()
                return false
            }
            return !inCode
        }.joined(separator: "\n")
    }
}
