import PatchBayCore

/// The Markdown tables of the mapping language that docs/mappings.md holds,
/// from the tables in PatchBayCore (``LanguageTerm``).
enum LanguageTable {
    /// The transform steps: how each is written, an example, its result.
    static func transforms() -> String {
        MarkdownTable.render(
            header: ["step", "example", "result"],
            rows: LanguageTerm.transforms.map { ["`\($0.written)`", $0.example ?? "", $0.summary] })
    }

    /// The keys of a condition: each with an example condition and its meaning.
    static func conditions() -> String {
        MarkdownTable.render(
            header: ["key", "example", "meaning"],
            rows: LanguageTerm.conditions.map { ["`\($0.name)`", "`\($0.written)`", $0.summary] })
    }
}
