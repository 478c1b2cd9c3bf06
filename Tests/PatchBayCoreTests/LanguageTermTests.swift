import Testing

@testable import PatchBayCore

/// The mapping language's tables, which `patchbay reference` prints into
/// docs/mappings.md, name exactly the words the mapping loader reads.
@Suite struct LanguageTermTests {
    /// A mapping whose one rule fires `when`.
    private func mapping(when condition: String) -> String {
        MappingFixture.text(rules: #"[{"name": "r", "when": \#(condition), "externalId": "$.id", "set": {"email": "$.e"}}]"#)
    }

    /// A mapping whose rule tests a value read through `step`.
    private func mapping(step: String) -> String {
        mapping(when: #"{"value": {"path": "$.e", "transform": [\#(step)]}, "exists": true}"#)
    }

    /// The names a problem's "expected" text gives in single quotes.
    private func quotedNames(_ problems: [MappingProblem]) -> Set<String> {
        Set(problems.compactMap(\.expected).flatMap { $0.matches(of: #/'([A-Za-z0-9]+)'/#).map { String($0.output.1) } })
    }

    @Test func everyTransformLoadsAsWritten() {
        for term in LanguageTerm.transforms {
            let problems = MappingFixture.problems(mapping(step: term.written))
            #expect(problems.isEmpty, "\(term.written): \(problems)")
            #expect(term.written.contains("\"\(term.name)\""), "\(term.written) does not use \(term.name)")
        }
    }

    @Test func theTransformsAreTheStepsTheLoaderReads() throws {
        let problem = try #require(MappingFixture.problems(mapping(step: #""no-such-step""#)).first)
        let forms = try #require(problem.expected?.split(separator: "one of ").last)
        let loaderNames = forms.split(separator: ", ").map { form in
            String(form.hasPrefix("{\"") ? form.dropFirst(2).prefix { $0 != "\"" } : form)
        }
        #expect(Set(LanguageTerm.transforms.map(\.name)) == Set(loaderNames))
        let dates = LanguageTerm.transforms.filter { $0.name == "date" }.map(\.written)
        #expect(Set(dates) == Set(DateFormat.allCases.map { #"{"date": "\#($0.rawValue)"}"# }))
    }

    @Test func everyConditionLoadsAsWritten() {
        for term in LanguageTerm.conditions {
            let problems = MappingFixture.problems(mapping(when: term.written))
            #expect(problems.isEmpty, "\(term.written): \(problems)")
            #expect(term.written.contains("\"\(term.name)\""), "\(term.written) does not use \(term.name)")
        }
    }

    @Test func theConditionsAreTheKeysTheLoaderReads() {
        // A condition that is no object names the combinators and the values;
        // an unknown key in a test names every key a test may have.
        let loaderNames = quotedNames(MappingFixture.problems(mapping(when: "5")))
            .union(quotedNames(MappingFixture.problems(mapping(when: #"{"path": "$.a", "exists": true, "no-such-key": 1}"#))))
        #expect(loaderNames.isSuperset(of: ["all", "any", "not", "path", "ignoreCase", "ge"]))
        #expect(Set(LanguageTerm.conditions.map(\.name)) == loaderNames)
    }
}
