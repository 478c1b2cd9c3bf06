extension Substring {
    /// The text without the spaces and tabs (any horizontal white space) at
    /// either end; cheaper than Foundation's `trimmingCharacters(in: .whitespaces)`
    /// on the per-request path.
    func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
