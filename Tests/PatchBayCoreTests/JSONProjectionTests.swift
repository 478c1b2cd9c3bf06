import Testing

@testable import PatchBayCore

/// Parsing with a projection builds only the members along the paths and
/// checks the rest as strictly as a full parse.
@Suite struct JSONProjectionTests {
    private func parse(_ text: String, _ paths: [String]) throws -> JSONValue {
        let projection = try #require(JSONProjection(paths: paths.map { try JSONPath($0) }))
        return try JSONParser().parse(Array(text.utf8), names: MemberNameCache(), projection: projection)
    }

    @Test func buildsOnlyTheMembersAlongThePaths() throws {
        let text =
            #"{"id":"e1","skip":{"deep":[1,{"x":"ü"}],"n":-1.5e3},"data":{"object":{"id":"c1","tags":["a",{"b":null}],"other":true},"prev":{}},"z":"\u00e9"}"#
        let value = try parse(text, ["$.id", "$.data.object.id", "$.data.object.tags", "$.data.object.id"])
        #expect(value == ["id": "e1", "data": ["object": ["id": "c1", "tags": ["a", ["b": nil]]]]])
        for path in ["$.id", "$.data.object.id", "$.data.object.tags[1].b", "$.nope"] {
            let query = try JSONPath(path)
            #expect(query.first(in: value) == query.first(in: try JSONParser().parse(text)))
        }
    }

    @Test func matchesNamesWrittenWithEscapes() throws {
        let value = try parse(#"{"\u0069d":"e1","d\u0061ta":{"x":1,"obj\u00e9ct":{"n":2}},"other":3}"#, ["$.id", "$.data['objéct'].n"])
        #expect(value == ["id": "e1", "data": ["objéct": ["n": 2]]])
    }

    @Test func keepsTheWholeValueWhereAPathEnds() throws {
        let value = try parse(#"{"a":{"b":{"c":1,"d":[2]}},"e":3}"#, ["$.a.b.c", "$.a"])
        #expect(value == ["a": ["b": ["c": 1, "d": [2]]]])
    }

    @Test(arguments: [
        #"{"id":"1","skip":{"a":1,"a":2}}"#,
        #"{"id":"1","skip":{"a\u00e9":1,"x":{},"aé":2}}"#,
        #"{"\u0069d":"1","id":"2"}"#,
        #"{"id":"1","skip":[1,]}"#,
        #"{"id":"1","skip":01}"#,
        "{\"id\":\"1\",\"skip\":\"\u{01}\"}",
        #"{"id":"1","skip":{"x":tru}}"#,
        #"{"id":"1","skip":{"x":[1,{"y":[2,{"a":1,"a":1}]}]}}"#,
        #"{"id":"1","skip":[[[]],[{}],{"k":[nul]}]}"#,
        #"{"id":"1","skip":"a\qb"}"#,
        #"{"id":"1","skip":"\ud800"}"#,
        #"{"id":"1","skip":"\udc00x"}"#,
        #"{"id":"1","skip":"\ud800\u0041"}"#,
        #"{"id":"1","skip":"\u12G4"}"#,
        #"{"id":"1","skip":"\u12"}"#,
        #"{"id":"1","skip":"abc"#,
        #"{"id":"1","skip":"abc\"#,
        #"{"id":"1","skip":{"a":1 "b":2}}"#,
        #"{"id":"1","skip":{"a" 1}}"#,
        #"{"id":"1","skip":{a:1}}"#,
        #"{"id":"1","skip":{"a":1,}}"#,
        #"{"id":"1","skip":{"a":1"#,
        #"{"id":"1","skip":[1 2]}"#,
        #"{"id":"1","skip":[1,"#,
        #"{"id":"1","skip":-}"#,
        #"{"id":"1","skip":1.}"#,
        #"{"id":"1","skip":1e+}"#,
        #"{"id":"1","skip":+1}"#,
        #"{"id":"1","skip":fals}"#,
        #"{"id":"1","skip":}"#,
        #"{"id":"1","skip":{"é":1,"\u00e9":2}}"#,
        "{\"id\":\"1\",\n\"skip\":\n[1,\n\"tab\there\"]}",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        #"{"id":"1","skip":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
    ])
    func rejectsWhatAFullParseRejects(text: String) throws {
        var full: JSONParseError?
        do { _ = try JSONParser().parse(text) } catch { full = error }
        var projected: JSONParseError?
        do { _ = try parse(text, ["$.id"]) } catch let error as JSONParseError { projected = error }
        #expect(full != nil)
        #expect(projected == full)
    }

    @Test(arguments: [
        Array(#"{"id":"1","skip":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
        Array(#"{"id":"1","skip":["ok",""#.utf8) + [0x61, 0x5C, 0x6E, 0xE2, 0x82] + Array(#""]}"#.utf8),
        Array(#"{"id":"1","skip":{""#.utf8) + [0xFF] + Array(#"":1}}"#.utf8),
        Array(#"{"id":"1","skip":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
    ])
    func rejectsInvalidUTF8InSkippedStrings(bytes: [UInt8]) throws {
        var full: JSONParseError?
        do { _ = try JSONParser().parse(bytes) } catch { full = error }
        var projected: JSONParseError?
        do {
            _ = try JSONParser().parse(bytes, names: MemberNameCache(), projection: JSONProjection(paths: [try JSONPath("$.id")]))
        } catch let error as JSONParseError { projected = error }
        #expect(full != nil)
        #expect(projected == full)
    }

    @Test func skipsTrickyValidValues() throws {
        let skipped = #"{"s":"q\"uo\\te\u00e9\ud83d\ude00 é 😀","n":[-0.5e-3,0,1E9,true,false,null],"o":{"":{},"a":[[],[{}]],"\u0061b":"x"},"e":[]}"#
        let text = #"{"skip":"# + skipped + #","id":"é\n1","tail":"# + skipped + "}"
        let value = try parse(text, ["$.id"])
        #expect(value == ["id": "é\n1"])
    }

    @Test func needsTheWholeDocumentForPathsThatAreNotSingularNames() throws {
        #expect(JSONProjection(paths: [try JSONPath("$.a"), try JSONPath("$..b")]) == nil)
        #expect(JSONProjection(paths: [try JSONPath("$[0].a")]) == nil)
        #expect(JSONProjection(paths: [try JSONPath("$")]) == nil)
    }
}
