/// A regular expression compiled once at load and shared by every request.
///
/// `Regex<AnyRegexOutput>` is not `Sendable` only because its type-erased
/// output could hold anything; a condition never keeps an output, it only
/// asks whether a match exists, and the compiled program is immutable once
/// built, so sharing it between threads is safe.
struct CompiledRegex: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `pattern` (Swift regex syntax, which reads PCRE-style
    /// patterns); throws when it is invalid.
    init(_ pattern: String, ignoreCase: Bool) throws {
        let regex = try Regex(pattern)
        self.regex = ignoreCase ? regex.ignoresCase() : regex
    }

    /// Whether the pattern matches somewhere in `text`.
    func matches(in text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
