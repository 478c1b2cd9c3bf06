import Testing

@testable import PatchBayCore

/// The public JSONPath API beyond the compliance suite.
@Suite struct JSONPathTests {
    let document: JSONValue = try! JSONParser().parse(
        #"""
        {"data":{"object":{"email":"a@example.com","id":9007199254740993,"amount":0.10000000000000000001}},
         "list":[1,2,3],"weird":{"it's":1,"back\\slash":2,"tab\t\u0001\u001f\u007f":3,"☺":4}}
        """#)

    @Test func keepsTheQueryTextAndDescribesItself() throws {
        let path = try JSONPath("$.data .object")
        #expect(path.query == "$.data .object")
        #expect(path.description == "$.data .object")
        #expect(path == (try JSONPath("$.data .object")))
        #expect(path != (try JSONPath("$.data.object")))
    }

    @Test(arguments: [
        ("$", true), ("$.a['b'][0][-1]", true), ("$.a.*", false), ("$..a", false), ("$[0,1]", false),
        ("$[0:1]", false), ("$[?@]", false), ("$['a','b']", false),
    ])
    func knowsWhetherItIsSingular(query: String, singular: Bool) throws {
        #expect(try JSONPath(query).isSingular == singular)
    }

    @Test func singularFastPathAgreesWithNodes() throws {
        for query in ["$.data.object.email", "$.list[-1]", "$.list[3]", "$.data.missing.x", "$.list.a", "$"] {
            let path = try JSONPath(query)
            #expect(path.select(document) == path.nodes(document).map(\.value), "\(query)")
        }
        #expect(try JSONPath("$.data.object.email").select(document) == ["a@example.com"])
        #expect(try JSONPath("$.list[-1]").nodes(document) == [JSONPathNode(path: "$['list'][2]", value: 3)])
    }

    @Test func keepsBigAndLongNumbersExact() throws {
        let id = try JSONPath("$.data.object.id").select(document)
        #expect(id.first?.serialized() == "9007199254740993")
        #expect(try JSONPath("$.data.object[?@ == 9007199254740993]").select(document).count == 1)
        #expect(try JSONPath("$.data.object[?@ == 9007199254740992]").select(document).isEmpty)
        #expect(
            try JSONPath("$.data.object[?@ > 0.1 && @ < 0.1000000000000000001]").select(document).map { $0.serialized() }
                == ["0.10000000000000000001"])
    }

    @Test func escapesNamesInNormalizedPaths() throws {
        let paths = try JSONPath("$.weird.*").nodes(document).map(\.path)
        #expect(
            paths == [
                #"$['weird']['it\'s']"#,
                #"$['weird']['back\\slash']"#,
                "$['weird']['tab\\t\\u0001\\u001f\u{7f}']",
                "$['weird']['☺']",
            ])
    }

    @Test func escapesEveryControlCharacterAsTheRFCRequires() {
        var text = ""
        NormalizedPath.appendEscaped("\u{0}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{e}\u{1f} \"/", to: &text)
        #expect(text == #"\u0000\u0007\b\t\n\u000b\f\r\u000e\u001f "/"#)
    }

    @Test func comparesStringsByScalarsWithoutNormalization() throws {
        let composed: JSONValue = ["\u{e9}", "e\u{301}"]
        #expect(try JSONPath("$[?@ == '\u{e9}']").select(composed) == [.string("\u{e9}")])
        #expect(try JSONPath("$[?@ < '\u{e9}']").select(composed) == [.string("e\u{301}")])
        #expect(try JSONPath("$['\u{e9}']").select(["e\u{301}": 1]).isEmpty)
    }

    @Test func selectsSlicesWithNegativeSteps() throws {
        let array: JSONValue = [0, 1, 2, 3, 4, 5]
        #expect(try JSONPath("$[::-2]").select(array) == [5, 3, 1])
        #expect(try JSONPath("$[-2:]").select(array) == [4, 5])
        #expect(try JSONPath("$[10:-10:-1]").select(array) == [5, 4, 3, 2, 1, 0])
        #expect(try JSONPath("$[1:3:0]").select(array) == [])
    }

    @Test func evaluatesFunctionsOnNonASCIIText() throws {
        let values: JSONValue = ["a😀b", "a\nb", "Ab1"]
        #expect(try JSONPath("$[?length(@) == 3]").select(values) == ["a😀b", "a\nb", "Ab1"])
        #expect(try JSONPath("$[?match(@, 'a.b')]").select(values) == ["a😀b"])
        #expect(try JSONPath(#"$[?search(@, '\\p{Ll}\\p{Nd}')]"#).select(values) == ["Ab1"])
        #expect(try JSONPath("$[?match(@, '[^\\\\n]{3}')]").select(values) == ["a😀b", "Ab1"])
    }
}
