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
        let reference = PersonName.splitCharacters(full)
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
