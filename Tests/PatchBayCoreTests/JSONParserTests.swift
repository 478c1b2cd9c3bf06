import Testing

@testable import PatchBayCore

@Suite struct JSONParserTests {
    let parser = JSONParser()

    @Test func roundTripsValuesExactly() throws {
        let text =
            #"{"big":123456789012345678901234567890,"dec":0.10000000000000000001,"e":-1.5E+300,"s":"a\"b\\c\u0001","n":null,"t":true,"a":[1,{"x":[]}]}"#
        let value = try parser.parse(text)
        #expect(
            value.serialized()
                == #"{"big":123456789012345678901234567890,"dec":0.10000000000000000001,"e":-1.5E+300,"s":"a\"b\\c\u0001","n":null,"t":true,"a":[1,{"x":[]}]}"#
        )
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parser.parse(#""\ud83d\ude00 \u00e9\/\n""#) == .string("😀 é/\n"))
    }

    @Test func comparesNumbersByExactValue() {
        #expect(JSONNumber(text: "1")! == JSONNumber(text: "1.0")!)
        #expect(JSONNumber(text: "100")! == JSONNumber(text: "1e2")!)
        #expect(JSONNumber(text: "9007199254740993")! != JSONNumber(text: "9007199254740992")!)
        #expect(JSONNumber(text: "-2")! < JSONNumber(text: "-1.5")!)
        #expect(JSONNumber(text: "0.1")! < JSONNumber(text: "0.10000000000000000001")!)
        #expect(JSONNumber(text: "-0")! == JSONNumber(text: "0")!)
        #expect(JSONNumber(text: "01") == nil)
    }

    @Test func comparesObjectsRegardlessOfOrder() throws {
        #expect(try parser.parse(#"{"a":1,"b":[2]}"#) == parser.parse(#"{"b":[2],"a":1.0}"#))
    }

    @Test(arguments: [
        ("", "unexpected end of input, expected a value", 0),
        ("[1,]", "unexpected character ']', expected a value", 3),
        ("{\"a\":1,\"a\":2}", "duplicate member name \"a\"", 7),
        ("{\"ab\":1,\"\\u0061b\":2}", "duplicate member name \"ab\"", 8),
        ("{\"\\u0061b\":1,\"x\":0,\"a\\u0062\":2}", "duplicate member name \"ab\"", 19),
        ("01", "invalid number: leading zero", 1),
        ("\"\u{01}\"", "control character byte 0x1 in a string must be escaped", 1),
        ("\"\\ud800\"", "lone high surrogate \\uD800", 1),
        ("{\"a\" 1}", "expected ':' after a member name", 5),
        ("[1] x", "unexpected data after the JSON value", 4),
        ("tru", "invalid literal, expected 'true'", 0),
        ("\"abc", "unterminated string", 0),
    ])
    func rejectsInvalidJSONWithItsPosition(text: String, message: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try parser.parse(text) }
        do {
            _ = try parser.parse(text)
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try parser.parse(bytes) }
    }

    @Test func rejectsInvalidUTF8InMemberNames() {
        // `{"\xC3(":1}`: the name is checked when it is read, with or without a name cache.
        let bytes: [UInt8] = Array(#"{""#.utf8) + [0xC3, 0x28] + Array(#"":1}"#.utf8)
        let plain = Result { try parser.parse(bytes) }
        let cached = Result { try parser.parse(bytes, names: MemberNameCache(), projection: nil) }
        for result in [plain, cached] {
            guard case .failure(let error as JSONParseError) = result else {
                Issue.record("expected a parse error, got \(result)")
                continue
            }
            #expect(error.message == "invalid UTF-8 in a string")
            #expect(error.offset == 2)
        }
    }

    @Test func limitsNestingDepth() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try parser.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try parser.parse(fine)
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try parser.parse("{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }
}
