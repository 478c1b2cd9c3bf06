import Testing

@testable import PatchBayCore

/// The case transforms give exactly what the standard library gives.
@Suite struct CaseMappingTests {
    @Test(arguments: [
        "", "Jo@Example.COM", "Jenny.Müller0@Example.com", "ÀÉÎÕÜ ß ŉ", "İstanbul", "ΌΣΟΣ σ", "Ǆemal ǅ", "😀 Smile", "e\u{301}É",
        "ǅ\u{10428}\u{1E9E}ﬀ", "a\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}z",
    ])
    func casesAsTheStandardLibraryDoes(text: String) {
        #expect(Array(CaseMapping.lowercased(text).unicodeScalars) == Array(text.lowercased().unicodeScalars))
        #expect(Array(CaseMapping.uppercased(text).unicodeScalars) == Array(text.uppercased().unicodeScalars))
    }
}
