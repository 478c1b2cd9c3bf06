import PatchBayCore

/// The Markdown table `patchbay reference providers` prints: one row per
/// source, with how its deliveries are verified, the events its rules fire
/// for and the fields they set. docs/providers.md holds it for the shipped
/// mappings.
enum SourceTable {
    static func markdown(_ mappings: [Mapping]) -> String {
        let rows = mappings.sorted(by: { $0.source < $1.source }).map { mapping in
            let rules = mapping.ruleSummaries
            let events = unique(rules.flatMap { $0.events.isEmpty ? [$0.name] : $0.events.map { "`\($0)`" } })
            let fields = unique(rules.flatMap(\.fields).map { "`\($0)`" })
            return ["`\(mapping.source)`", mapping.verify.scheme.summary, events.joined(separator: ", "), fields.joined(separator: ", ")]
        }
        return MarkdownTable.render(header: ["source", "verified by", "rules fire on", "sets"], rows: rows)
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
