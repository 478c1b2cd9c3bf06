import Testing

@testable import PatchBayCore

@Suite struct MultipartFormDataTests {
    private static let contentType = "multipart/form-data; boundary=XyZ"

    /// `text` with every `\n` written as CRLF, as the RFCs require.
    private static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    private static func fields(_ body: [UInt8], contentType: String? = contentType) throws(BodyDecodingError) -> [String] {
        try MultipartFormData.fields(body, contentType: contentType).map { "\($0.name)=\($0.value)" }
    }

    /// The message of the error reading `body` gives, with its offset.
    private static func failure(_ body: [UInt8], contentType: String? = contentType) -> String? {
        do {
            _ = try MultipartFormData.fields(body, contentType: contentType)
            return nil
        } catch {
            return "\(error.message) @\(error.offset)"
        }
    }

    @Test func readsFieldsInOrderSkippingPreambleAndEpilogue() throws {
        let body = Self.crlf(
            "This is the preamble.\n"
                + "--XyZ\nContent-Disposition: form-data; name=\"formID\"\n\n241598736512047\n"
                + "--XyZ\ncontent-disposition: FORM-DATA; name=rawRequest\nContent-Type: text/plain; charset=UTF-8\n\n{\"q4_email\":\"a@example.com\"}\n"
                + "--XyZ\t \nContent-Disposition: form-data; name=\"empty\"\n\n\n"
                + "--XyZ--\nthe epilogue, ignored: --XyZ\n")
        #expect(try Self.fields(body) == ["formID=241598736512047", #"rawRequest={"q4_email":"a@example.com"}"#, "empty="])
        #expect(try MultipartFormData.fields(body, contentType: Self.contentType).map(\.offset) == [23, 96, 225])
    }

    @Test func valuesAreKeptByteForByte() throws {
        // CR, LF, a lone "--XyZ" not after a line break, trailing blanks and UTF-8 all stay as sent.
        let value = "line one\r\nline two\n\r  --XyZ inside  é中😀 "
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"näme 1\"\r\n\r\n\(value)\r\n--XyZ--".utf8)
        let fields = try MultipartFormData.fields(body, contentType: Self.contentType)
        #expect(fields.map(\.name) == ["näme 1"])
        #expect(Array(fields[0].value.utf8) == Array(value.utf8))
    }

    @Test func theBoundaryMayBeQuotedAndUseRFC2046Punctuation() throws {
        let boundary = "----=_Part 0'(+_,-./:=?)"
        let body = Self.crlf("--\(boundary)\nContent-Disposition: form-data; name=\"a\"\n\n1\n--\(boundary)--\n")
        #expect(try Self.fields(body, contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"\(boundary)\"") == ["a=1"])
    }

    @Test func aBodyWithOnlyTheCloseDelimiterHasNoFields() throws {
        #expect(try Self.fields(Self.crlf("--XyZ--\n")).isEmpty)
    }

    @Test func theBoundaryMustBeNamedAndValid() {
        let body = Self.crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ--")
        #expect(Self.failure(body, contentType: nil) == "a multipart body needs a Content-Type header naming its boundary @0")
        #expect(Self.failure(body, contentType: "multipart/form-data") == "the Content-Type names no boundary (multipart/form-data; boundary=…) @0")
        #expect(
            Self.failure(body, contentType: "multipart/form-data; boundary=\"XyZ") == "Content-Type: parameter 'boundary' has no closing quote @0")
        #expect(
            Self.failure(body, contentType: "multipart/form-data; boundary=a; boundary=b") == "Content-Type: parameter 'boundary' is given twice @0")
        let overLong = String(repeating: "b", count: MultipartFormData.maximumBoundaryLength + 1)
        #expect(Self.failure(body, contentType: "multipart/form-data; boundary=\(overLong)")?.hasPrefix("the boundary is not 1 to 70") == true)
        #expect(Self.failure(body, contentType: "multipart/form-data; boundary=\"a b \"")?.hasPrefix("the boundary is not 1 to 70") == true)
        #expect(Self.failure(body, contentType: "multipart/form-data; boundary=XYZ") == "no delimiter line '--XYZ' in the body @0")
    }

    @Test func linesMustEndInCRLF() {
        let lfOnly = Array("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ--\n".utf8)
        #expect(Self.failure(lfOnly) == "a delimiter line ends in a bare LF; multipart lines end in CRLF @5")
        let lfInHeaders = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\n1\r\n--XyZ--".utf8)
        #expect(Self.failure(lfInHeaders) == "a part header line holds a bare CR or LF; lines end in CRLF @7")
    }

    @Test func aBodyCutShortIsRefused() {
        let head = "--XyZ\nContent-Disposition: form-data; name=\"a\""
        let cases = [
            (head + "\n\n1\n", "part 'a' does not end: the body has no delimiter after it (it was cut short) @51"),
            (head + "\n\n1\n--XyZ", "the body ends without the close delimiter '--…--' (it was cut short) @59"),
            (head, "a part's headers do not end in a blank line (the body was cut short) @7"),
            (head + "\n\n1\n--XyZzy\n", "a delimiter line has other text after the boundary @59"),
        ]
        for (text, expected) in cases {
            #expect(Self.failure(Self.crlf(text)) == expected)
        }
    }

    @Test func partHeadersMustNameATextField() throws {
        func part(_ headers: String) -> [UInt8] { Self.crlf("--XyZ\n\(headers)\n\nvalue\n--XyZ--") }
        #expect(Self.failure(part("Content-Type: text/plain")) == "a part has no Content-Disposition: form-data; name=… @7")
        #expect(Self.failure(Self.crlf("--XyZ\n\nvalue\n--XyZ--")) == "a part has no Content-Disposition: form-data; name=… @7")
        #expect(Self.failure(part("Content-Disposition: form-data")) == "a part's Content-Disposition has no name @7")
        #expect(
            Self.failure(part("Content-Disposition: attachment; name=\"a\"")) == "a part's Content-Disposition is 'attachment', expected form-data @7"
        )
        #expect(
            Self.failure(part("Content-Disposition: form-data; name=\"upload\"; filename=\"cv.pdf\""))
                == "part 'upload' is a file upload (filename 'cv.pdf'); only text fields are read @7")
        #expect(Self.failure(part("Content-Disposition: form-data; name=\"a\\\"b\""))?.contains("backslash") == true)
        #expect(
            Self.failure(part("Content-Disposition: form-data; name=\"a\"\nContent-Disposition: form-data; name=\"b\""))
                == "a part has two Content-Disposition headers @49")
        #expect(Self.failure(part("Content-Disposition: form-data; name=\"a\"\n folded")) == "a part header line is folded (starts with a space) @49")
        #expect(Self.failure(part("Content-Disposition: form-data; name=\"a\"\nno colon")) == "a part header line has no 'Name:' @49")
        #expect(
            Self.failure(part("Content-Disposition: form-data; name=\"a\"\nContent-Type: text/plain; charset=ISO-8859-1"))
                == "a part's charset is 'ISO-8859-1'; only UTF-8 text is read @49")
        #expect(
            Self.failure(part("Content-Disposition: form-data; name=\"a\"\nContent-Transfer-Encoding: base64"))?
                .hasPrefix("a part's Content-Transfer-Encoding is 'base64'") == true)
        #expect(
            try Self.fields(part("Content-Disposition: form-data; name=\"a\"\nContent-Transfer-Encoding: 8bit\nX-Other: kept out")) == ["a=value"])
    }

    @Test func valuesMustBeUTF8AndHeadersShort() {
        let latin1 = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8) + [0x63, 0x61, 0x66, 0xE9] + Array("\r\n--XyZ--".utf8)
        #expect(Self.failure(latin1) == "the value of part 'a' is not UTF-8 text @51")
        let long = Self.crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\nX-Padding: \(String(repeating: "p", count: 8_200))\n\n1\n--XyZ--")
        #expect(Self.failure(long) == "a part's headers are longer than 8192 bytes @7")
    }

    @Test func theObjectRefusesANameGivenTwice() throws {
        let body = Self.crlf(
            "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n2\n--XyZ--")
        #expect(throws: BodyDecodingError(message: "form-data name 'a' is given twice", offset: 54)) {
            try MultipartFormData.object(body, contentType: Self.contentType)
        }
        let distinct = Self.crlf(
            "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ\nContent-Disposition: form-data; name=\"b\"\n\n2\n--XyZ--")
        #expect(
            try MultipartFormData.object(distinct, contentType: Self.contentType) == JSONObject([(key: "a", value: "1"), (key: "b", value: "2")]))
    }

    @Test func writtenBodiesReadBackTheSame() throws {
        let fields = [(name: "formID", value: "1"), (name: "rawRequest", value: "{\"q\":\"x\\r\\n\"}\r\n--trailing"), (name: "é", value: "")]
        let body = MultipartFormData.encode(fields)
        let read = try MultipartFormData.fields(body, contentType: BodyFormat.multipart.writtenContentType)
        #expect(read.map(\.name) == fields.map(\.name))
        #expect(read.map(\.value) == fields.map(\.value))
        #expect(MultipartFormData.encodingProblem(name: "a\"b", value: "") != nil)
        #expect(MultipartFormData.encodingProblem(name: "a", value: "x\(MultipartFormData.writtenBoundary)") != nil)
        #expect(MultipartFormData.encodingProblem(name: "a b", value: "any text\r\n") == nil)
    }

    @Test func theMultipartFormatTakesOnlyFormDataWithItsBoundary() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#, extra: #""body": "multipart""#))
        let body = String(decoding: MultipartFormData.encode([(name: "id", value: "c1"), (name: "e", value: "a@example.com")]), as: UTF8.self)
        let events = try mapping.evaluate(MappingFixture.delivery(body, contentType: BodyFormat.multipart.writtenContentType))
        #expect(events.first?.updates.map(\.externalId) == ["c1"])
        #expect(throws: DeliveryError.unsupportedContentType("application/x-www-form-urlencoded", expected: "multipart/form-data")) {
            try mapping.evaluate(MappingFixture.delivery(body, contentType: "application/x-www-form-urlencoded"))
        }
        #expect(throws: DeliveryError.malformedBody(message: "a multipart body needs a Content-Type header naming its boundary", offset: 0)) {
            try mapping.evaluate(Delivery(headers: [:], body: Array(body.utf8)))
        }
        #expect(BodyFormat.multipart.accepts(contentType: "Multipart/Form-Data ; boundary=x"))
        #expect(!BodyFormat.multipart.accepts(contentType: "multipart/mixed; boundary=x"))
    }

    @Test func aMultipartTestBodyMustBeTextFieldsThatReadBack() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#,
                extra: #""body": "multipart", "tests": [{"name": "t", "body": {"id": 1, "a\"b": "x", "e": "a@example.com"}, "expect": []}]"#))
        #expect(
            problems.map { "\($0.location) \($0.message)" } == [
                "$['tests'][0]['body']['id'] is number",
                #"$['tests'][0]['body']['a"b'] the name "a\"b" holds a quote, a backslash or a control character"#,
            ])
        #expect(problems.allSatisfy { $0.file == "mappings/test.json" })
    }
}
