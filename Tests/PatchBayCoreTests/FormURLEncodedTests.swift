import Testing

@testable import PatchBayCore

@Suite struct FormURLEncodedTests {
    @Test func decodesPairsInOrder() throws {
        let pairs = try FormURLEncoded.pairs(Array("From=%2B14158675309&Body=Stop+please&&empty=&flag&x=%E2%9C%93".utf8))
        #expect(pairs.map(\.name) == ["From", "Body", "empty", "flag", "x"])
        #expect(pairs.map(\.value) == ["+14158675309", "Stop please", "", "", "✓"])
    }

    @Test(arguments: [("a=%4", 2), ("a=%zz", 2), ("a=%FF", 2), ("%", 0)])
    func rejectsMalformedEscapes(body: String, offset: Int) {
        do {
            _ = try FormURLEncoded.pairs(Array(body.utf8))
            Issue.record("expected an error for \(body)")
        } catch {
            #expect(error.offset == offset)
        }
    }
}
