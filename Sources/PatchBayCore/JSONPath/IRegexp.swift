/// An RFC 9485 I-Regexp, checked against the I-Regexp grammar and compiled
/// to a Swift `Regex` that matches Unicode scalars.
struct IRegexp: @unchecked Sendable {
    // `Regex` is not declared Sendable, but a built `Regex` is immutable and
    // publishes its lazily compiled program atomically, so sharing one
    // between threads is safe.
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `pattern`; `nil` when it is not a valid I-Regexp.
    init?(_ pattern: String) {
        guard let translated = IRegexpTranslator.translate(pattern),
            let regex = try? Regex(translated)
        else { return nil }
        self.regex = regex.matchingSemantics(.unicodeScalar)
    }

    /// Whether the whole of `string` matches (the `match` function).
    func matchesWhole(_ string: String) -> Bool {
        (try? regex.wholeMatch(in: string)) != nil
    }

    /// Whether some substring of `string` matches (the `search` function).
    func matchesSubstring(_ string: String) -> Bool {
        (try? regex.firstMatch(in: string)) != nil
    }
}
