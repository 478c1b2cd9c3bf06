import PatchBayServer

/// The Markdown table of `serve`'s settings that docs/configuration.md holds:
/// one row per ``ServeSetting``, with its flag, environment variable, config
/// file key, default and meaning. The default is the one the setting's
/// summary (its `--help` text) states, lifted into a column of its own.
enum SettingsTable {
    static func markdown() -> String {
        let rows = ServeSetting.allCases.map { setting in
            let (meaning, fallback) = splitDefault(setting.summary)
            return ["`\(setting.flag)`", "`\(setting.environmentVariable)`", "`\(setting.key)`", fallback ?? "—", meaning]
        }
        return MarkdownTable.render(header: ["flag", "environment", "config key", "default", "what it sets"], rows: rows)
    }

    /// `summary` without its default, and the default, which a summary states
    /// in one of three ways: a parenthesis of its own (`(default 30)`), the
    /// end of a parenthesis (`(…; default normal)`), or the end of the text
    /// (`…; default: SQLite in --data.`).
    static func splitDefault(_ summary: String) -> (meaning: String, default: String?) {
        let forms: [(Regex<(Substring, Substring)>, String)] = [
            (#/ \(default:? ([^()]*)\)/#, ""),
            (#/; default:? ([^()]*)\)/#, ")"),
            (#/; default:? (.*)\.$/#, "."),
        ]
        for (form, replacement) in forms {
            if let match = summary.firstMatch(of: form) {
                var meaning = summary
                meaning.replaceSubrange(match.range, with: replacement)
                return (meaning, String(match.output.1))
            }
        }
        return (summary, nil)
    }
}
