import Testing

@testable import PatchBayCore

@Suite struct FormNestingTests {
    private func nested(_ body: String) throws -> JSONValue {
        .object(try FormURLEncoded.nestedObject(Array(body.utf8)))
    }

    @Test func bracketedNamesBecomeNestedObjects() throws {
        let body =
            "type=subscribe&fired_at=2009-03-26+21%3A35%3A57&data%5Bemail%5D=api%40mailchimp.com"
            + "&data[merges][FNAME]=Mail&data[merges][LNAME]=Chimp&data[list_id]=a6b5da1054"
        #expect(
            try nested(body) == [
                "type": "subscribe", "fired_at": "2009-03-26 21:35:57",
                "data": ["email": "api@mailchimp.com", "merges": ["FNAME": "Mail", "LNAME": "Chimp"], "list_id": "a6b5da1054"],
            ])
    }

    @Test func keepsDocumentOrder() throws {
        let object = try FormURLEncoded.nestedObject(Array("data[a]=1&type=x&data[b]=2".utf8))
        #expect(object.keys == ["data", "type"])
        #expect(object["data"]?.objectValue?.keys == ["a", "b"])
    }

    @Test func emptyBracketsAppend() throws {
        #expect(try nested("tags[]=a&tags[]=b&x[y][]=1") == ["tags": ["a", "b"], "x": ["y": ["1"]]])
    }

    @Test(arguments: [
        ("a=1&a=2", 4), ("a=1&a[b]=2", 4), ("a[b]=1&a=2", 7), ("a[]=1&a[b]=2", 6), ("a[b]=1&a[]=2", 7),
        ("a[b=1", 0), ("[a]=1", 0), ("a[b]c=1", 0), ("a[][b]=1", 0), ("ok=1&a[[b]]=1", 5),
    ])
    func conflictsAndMalformedNamesAreErrorsAtThePair(body: String, offset: Int) {
        do {
            _ = try FormURLEncoded.nestedObject(Array(body.utf8))
            Issue.record("expected an error for \(body)")
        } catch {
            #expect(error.offset == offset)
        }
    }

    @Test func nestingIsLimited() throws {
        let deepest = "a" + String(repeating: "[b]", count: FormURLEncoded.maximumNesting - 1)
        let deepestArray = "z" + String(repeating: "[b]", count: FormURLEncoded.maximumNesting - 2) + "[]"
        #expect(throws: Never.self) { try nested(deepest + "=1&" + deepestArray + "=2") }
        for tooDeep in [deepest + "[c]=1", deepest + "[]=1", "x=1&a" + String(repeating: "[b]", count: 100_000) + "=1"] {
            #expect(
                throws: FormURLEncoded.DecodingError(
                    message: "form name nested deeper than \(FormURLEncoded.maximumNesting) levels", offset: tooDeep.hasPrefix("x") ? 4 : 0)
            ) {
                try nested(tooDeep)
            }
        }
    }

    @Test func manyPairsInOneObjectOrArray() throws {
        let count = 100_000
        let body = (0..<count).map { "o[k\($0)]=\($0)&list[]=\($0)" }.joined(separator: "&")
        let object = try FormURLEncoded.nestedObject(Array(body.utf8))
        #expect(object["o"]?.objectValue?.count == count)
        #expect(object["o"]?["k99999"] == "99999")
        #expect(object["list"]?.arrayValue?.count == count)
        #expect(object["list"]?[12345] == "12345")
    }
}
