import HTTPTypes
import Testing

@testable import PatchBayStore

/// A delivery's headers are stored as they always were — a JSON array of
/// `[name, value]` pairs, names as received — and read back unchanged.
@Suite struct StoredHeadersTests {
    @Test func headersAreWrittenAsNameValuePairsInOrder() throws {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(HTTPField(name: HTTPField.Name("x-Repeated")!, value: "1"))
        headers.append(HTTPField(name: HTTPField.Name("X-REPEATED")!, value: "caf\u{E9}, \"2\""))
        let text = StoreCodec.json(headers)
        #expect(text == #"[["Content-Type","application/json"],["x-Repeated","1"],["X-REPEATED","café, \"2\""]]"#)
        let read = try StoreCodec.headers(text)
        #expect(read.map { [$0.name.rawName, $0.value] } == headers.map { [$0.name.rawName, $0.value] })
    }

    @Test func aStoredNameThatIsNotAHeaderNameIsACorruptRecord() {
        #expect(throws: EventStoreError.self) { try StoreCodec.headers(#"[["Bad Name","v"]]"#) }
    }
}
