import Testing
@testable import PatchBayCore

/// The byte-level fast paths of trim and the name split give exactly what
/// the character-level rules give, on text chosen to trip them up.
@Suite struct ScalarTextTests {
    static let samples = [
        "", " ", "\u{A0}", "\t\n", "Jenny Rosen", "  Mary Ann  van Dyke ", "Rosen, Jenny", "Rosen,Jenny,Jr",
        ",", " , ", "Cher", "José Ñúñez", "Anne\u{A0}Marie\u{85}Dupont", "a\r\nb", "Zoë\u{2003}Weiß",
        "e\u{301} Rosen", "Jenny \u{301}Rosen", "Jenny\u{A0}", "\u{A0}Jenny", "Ω ω", "Ã\u{85}b", "😀 Smile",
        " Jo@Example.COM \n", "\u{AD}Jo Li\u{AD}", "\u{2028}Jo\u{2028}",
    ]

    /// The character-level split: the rules the fast path must follow.
    private func referenceSplit(_ full: String) -> (first: String?, last: String?) {
        func words(_ text: Substring) -> [Substring] { text.split(whereSeparator: { $0.isWhitespace }) }
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

    /// The scalars of `text`: strings compared without canonical equivalence.
    private func scalars(_ text: String?) -> [UInt32]? {
        text.map { $0.unicodeScalars.map(\.value) }
    }

    /// The character-level trim.
    private func referenceTrim(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...text.lastIndex(where: { !$0.isWhitespace })!])
    }

    @Test(arguments: samples)
    func splitsNamesAsCharactersDo(full: String) {
        let split = PersonName.split(full)
        let reference = referenceSplit(full)
        #expect(scalars(split.first) == scalars(reference.first))
        #expect(scalars(split.last) == scalars(reference.last))
    }

    @Test(arguments: samples)
    func trimsAsCharactersDo(text: String) {
        #expect(scalars(text.trimmingWhitespace) == scalars(referenceTrim(text)))
        #expect(scalars(text.dropFirst(0).trimmingWhitespace) == scalars(referenceTrim(text)))
    }

    @Test func knowsWhichTextHasSingleScalarCharacters() {
        func check(_ text: String) -> Bool {
            text.utf8.withContiguousStorageIfAvailable(ScalarText.isSingleScalarCharacters)!
        }
        #expect(check("Müller, José\u{A0}"))
        #expect(!check("e\u{301}"))
        #expect(!check("😀"))
    }
}
