/// One word of the mapping language — a transform step or a key of a `when`
/// condition — with how it is written and what it does, in one line.
///
/// ``transforms`` and ``conditions`` are the tables `patchbay reference`
/// prints into docs/mappings.md, so the manual's lists come from code rather
/// than prose; a test loads every ``written`` form and compares the names
/// with those the mapping loader reads, so a list can neither name a word the
/// loader refuses nor miss one it reads.
public struct LanguageTerm: Sendable {
    /// The step or key as the loader names it: `e164`, `oneOf`.
    public let name: String
    /// How it is written in a mapping file, valid as it stands: a transform
    /// step (`{"e164": "US"}`), or a whole condition using the key.
    public let written: String
    /// What it does to an example input (`"stop"` → `"STOP"`), for transforms.
    public let example: String?
    /// What it does, in one line.
    public let summary: String

    init(_ name: String, _ written: String, example: String? = nil, _ summary: String) {
        self.name = name
        self.written = written
        self.example = example
        self.summary = summary
    }
}
