import PatchBayCore

/// The Markdown table `patchbay check --table` prints: one row per source,
/// with how its deliveries are verified, the events its rules fire for and
/// the fields they set. docs/providers.md holds it for the shipped mappings.
enum SourceTable {
    static func markdown(_ mappings: [Mapping]) -> String {
        var lines = [
            "| source | verified by | rules fire on | sets |",
            "| --- | --- | --- | --- |",
        ]
        for mapping in mappings.sorted(by: { $0.source < $1.source }) {
            let rules = mapping.ruleSummaries
            let events = unique(rules.flatMap { $0.events.isEmpty ? [$0.name] : $0.events.map { "`\($0)`" } })
            let fields = unique(rules.flatMap(\.fields).map { "`\($0)`" })
            let cells = ["`\(mapping.source)`", mapping.verify.scheme.summary, events.joined(separator: ", "), fields.joined(separator: ", ")]
            lines.append("| " + cells.map(escaped).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// A table cell's text: `|` escaped, line breaks as spaces.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
