import HTTPTypes
import Testing

@testable import PatchBayCore

/// Header names and values given as text: looked up case-insensitively,
/// built only when they can be sent as written.
@Suite struct HTTPFieldsTextTests {
    @Test func valuesAreFoundByNameInAnyCaseInOrderAndUnaltered() throws {
        var headers = HTTPFields()
        headers.append(try HTTPField(exactName: "X-Topic", value: "a,  b"))
        headers.append(try HTTPField(exactName: "x-topic", value: "c"))
        #expect(headers.values("X-TOPIC") == ["a,  b", "c"])
        #expect(headers.contains("x-Topic"))
        #expect(headers.values("X Topic").isEmpty)
        #expect(!headers.contains(""))
        #expect(headers.map(\.name.rawName) == ["X-Topic", "x-topic"])
    }

    @Test func verificationRefusesAMissingOrRepeatedHeader() throws {
        let headers = HTTPFields([try HTTPField(exactName: "X-Sig", value: "1"), try HTTPField(exactName: "x-sig", value: "2")])
        #expect(throws: VerificationFailure.malformedHeader("X-Sig", reason: "sent 2 times")) { try headers.single("X-Sig") }
        #expect(throws: VerificationFailure.missingHeader("X-Other")) { try headers.single("X-Other") }
    }

    @Test func setReplacesEveryFieldOfTheNameAndAppendsLast() throws {
        var headers = HTTPFields([
            try HTTPField(exactName: "X-Sig", value: "old"), try HTTPField(exactName: "A", value: "1"),
            try HTTPField(exactName: "x-sig", value: "older"),
        ])
        headers.set(try HTTPField(exactName: "X-SIG", value: "new"))
        #expect(headers.map { "\($0.name.rawName): \($0.value)" } == ["A: 1", "X-SIG: new"])
    }

    @Test(arguments: [("X Sig", "v"), ("", "v"), ("X-Sig\u{E9}", "v")])
    func aNameThatIsNotATokenIsRefused(_ name: String, _ value: String) {
        #expect(throws: HeaderTextError.invalidName(name)) { try HTTPField(exactName: name, value: value) }
    }

    @Test(arguments: ["a\r\nX-Injected: 1", "a\u{0}b", "a\u{1}b", " a", "a\t"])
    func aValueThatWouldBeAlteredIsRefused(_ value: String) {
        #expect(throws: HeaderTextError.invalidValue(name: "X-Sig")) { try HTTPField(exactName: "X-Sig", value: value) }
    }

    @Test func anyValueAHeaderCarriesIsKeptAsWritten() throws {
        for value in ["", "t=1,v1=ab", "a  b", "caf\u{E9}", "Bearer abc.def=="] {
            #expect(try HTTPField(exactName: "X-Sig", value: value).value == value)
        }
    }
}
