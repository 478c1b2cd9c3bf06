/// A GitHub-flavoured Markdown table, as the generated references in docs/
/// are written: `|` in a cell escaped, line breaks as spaces.
enum MarkdownTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let lines = [header, header.map { _ in "---" }] + rows
        return lines.map { "| " + $0.map(escaped).joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
