import HTTPTypes

@testable import PatchBayCore

/// Builds mapping files for tests from a few parts.
enum MappingFixture {
    /// A minimal mapping with `rules` (JSON text) and extra top-level members.
    static func text(rules: String, extra: String = "") -> String {
        """
        {"source": "test", "verify": {"scheme": "none"}, "key": "$.id", \(extra.isEmpty ? "" : extra + ",")
         "rules": \(rules)}
        """
    }

    /// Loads a mapping from `text`; `files` answers schema reads.
    static func load(_ text: String, files: [String: String] = [:]) throws(MappingLoadFailure) -> Mapping {
        try Mapping.load(file: "mappings/test.json", contents: Array(text.utf8)) { path in
            guard let contents = files[path] else { throw MissingFile(path: path) }
            return Array(contents.utf8)
        }
    }

    /// The problems loading `text` reports (empty when it loads).
    static func problems(_ text: String, files: [String: String] = [:]) -> [MappingProblem] {
        do {
            _ = try load(text, files: files)
            return []
        } catch {
            return error.problems
        }
    }

    /// A JSON delivery with `headers`.
    static func delivery(_ body: String, headers: [(name: String, value: String)] = [], contentType: String = "application/json") -> Delivery {
        Delivery(headers: TestWebhook.headers([(name: "Content-Type", value: contentType)] + headers), body: Array(body.utf8))
    }

    struct MissingFile: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file" }
    }
}
