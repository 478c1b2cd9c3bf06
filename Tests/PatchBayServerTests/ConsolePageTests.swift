import Crypto
import Foundation
import HTTPTypes
import Testing

@testable import PatchBayServer

/// The console page's security headers. (ConsoleBrowserTests shows the page
/// still works under them: a wrong hash would stop its script.)
@Suite struct ConsolePageTests {
    @Test func thePageAllowsOnlyItsOwnScriptAndStyleAndNoFraming() throws {
        let headers = ConsolePage.response.headers
        let policy = try #require(headers[.contentSecurityPolicy])
        let directives = Dictionary(
            uniqueKeysWithValues: policy.split(separator: ";").map { directive in
                let words = directive.split(separator: " ")
                return (String(words[0]), words.dropFirst().map(String.init))
            })
        #expect(!policy.contains("unsafe-inline"))
        #expect(directives["default-src"] == ["'none'"])
        #expect(directives["frame-ancestors"] == ["'none'"])
        let script = try #require(directives["script-src"]?.first)
        #expect(script == "'sha256-\(Self.digest(between: "<script>", and: "</script>"))'")
        #expect(headers[.xContentTypeOptions] == "nosniff")
    }

    private static func digest(between open: String, and close: String) -> String {
        let html = ConsolePage.html
        let start = html.range(of: open)!.upperBound
        let end = html.range(of: close)!.lowerBound
        return Data(SHA256.hash(data: Array(html[start..<end].utf8))).base64EncodedString()
    }
}
