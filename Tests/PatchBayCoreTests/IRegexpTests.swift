import Testing

@testable import PatchBayCore

/// RFC 9485 I-Regexp checking and translation.
@Suite struct IRegexpTests {
    @Test(arguments: [
        "a", "a|b", "(ab)*c", "a{2}", "a{2,}", "a{2,3}", "[a-z]", "[^a]", "[-a]", "[a-]", "[--]", "\\p{Lu}", "\\P{L}",
        "[\\p{N}_]", "\\.", "\\n", "^$", "", "a|", "()", "[\\^]", "[a^]",
    ])
    func acceptsIRegexps(pattern: String) {
        #expect(IRegexp(pattern) != nil, "\(pattern)")
    }

    @Test(arguments: [
        "\\d", "\\w", "\\s", "\\b", "a**", "*a", "a{3,2}", "[]", "[^]", "[a-b-c]", "[z-a]", "(a", "a)", "\\p{IsBasicLatin}",
        "\\p{Lx}", "{", "}", "]", "a{,2}", "a{99999999999999999999}", "(?:a)", "a*?", "[a-\\p{L}]",
    ])
    func rejectsWhatIsNotAnIRegexp(pattern: String) {
        #expect(IRegexp(pattern) == nil, "\(pattern)")
    }

    @Test func compilesEveryUnicodeCategory() throws {
        let categories = [
            "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
            "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
            "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co",
        ]
        for category in categories {
            #expect(IRegexp("\\p{\(category)}") != nil, "\\p{\(category)}")
            #expect(IRegexp("[^\\P{\(category)}]") != nil, "[^\\P{\(category)}]")
        }
        #expect(try #require(IRegexp("\\p{Zs}")).matchesWhole("\u{a0}"))
        #expect(try #require(IRegexp("\\P{Nd}+")).matchesWhole("ab"))
    }

    @Test func dotMatchesAnyCharacterButLineBreaks() throws {
        let dot = try #require(IRegexp("."))
        #expect(dot.matchesWhole("😀"))
        #expect(dot.matchesWhole("\u{2028}"))
        #expect(!dot.matchesWhole("\n"))
        #expect(!dot.matchesWhole("\r"))
        #expect(!dot.matchesWhole("\r\n"))
    }

    @Test func caretAndDollarAnchorAtTheEndsOfTheInput() throws {
        let anchored = try #require(IRegexp("^a$"))
        #expect(anchored.matchesWhole("a"))
        #expect(!anchored.matchesWhole("^a$"))
        #expect(try #require(IRegexp("^b")).matchesSubstring("ba"))
        #expect(!(try #require(IRegexp("^b")).matchesSubstring("ab")))
        #expect(!(try #require(IRegexp("b$")).matchesSubstring("ab\n")))
        #expect(try #require(IRegexp("[a^]")).matchesWhole("^"))
    }

    @Test func matchIsWholeAndSearchIsSubstring() throws {
        let regexp = try #require(IRegexp("b+"))
        #expect(!regexp.matchesWhole("abbc"))
        #expect(regexp.matchesSubstring("abbc"))
        #expect(regexp.matchesWhole("bb"))
    }

    @Test func classesDoNotGainSetOperations() throws {
        let regexp = try #require(IRegexp("[a&&b]"))
        #expect(regexp.matchesWhole("&"))
        #expect(regexp.matchesWhole("a"))
    }
}
