/// Splits a full name into a first and a last name the way most sign-up
/// forms mean it: `Jenny Rosen` → `Jenny` / `Rosen`; `Mary Ann van Dyke` →
/// `Mary` / `Ann van Dyke`; `Rosen, Jenny` → `Jenny` / `Rosen`. A single word
/// is a first name only; the last name is then missing.
enum PersonName {
    /// The first and last name in `full`; either is `nil` when absent.
    static func split(_ full: String) -> (first: String?, last: String?) {
        if let comma = full.firstIndex(of: ",") {
            let last = words(full[..<comma]).joined(separator: " ")
            let first = words(full[full.index(after: comma)...]).joined(separator: " ")
            return (first.isEmpty ? nil : first, last.isEmpty ? nil : last)
        }
        let parts = words(Substring(full))
        guard let first = parts.first else { return (nil, nil) }
        let rest = parts.dropFirst().joined(separator: " ")
        return (String(first), rest.isEmpty ? nil : rest)
    }

    private static func words(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }
}
