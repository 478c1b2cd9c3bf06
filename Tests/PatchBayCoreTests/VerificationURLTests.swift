import Testing

@testable import PatchBayCore

@Suite("Verification: URLs")
struct VerificationURLTests {
    @Test func splitsAndRejoinsURLs() throws {
        let url = try #require(URLText("https://user:pw@[::1]:8443/a/b?x=1&y=2#frag"))
        #expect(url.scheme == "https")
        #expect(url.userInfo == "user:pw@")
        #expect(url.host == "[::1]")
        #expect(url.port == "8443")
        #expect(url.rest == "/a/b?x=1&y=2#frag")
        #expect(url.query == "x=1&y=2")
        #expect(url.description == "https://user:pw@[::1]:8443/a/b?x=1&y=2#frag")
        #expect(URLText("http://example.com")?.rest == "")
        #expect(URLText("http://example.com")?.query == nil)
    }

    @Test(arguments: [
        "example.com/a", "://example.com", "https://", "https://host:/a", "https://host:8o/a", "https://[::1/a", "https://[::1]x/a", "ht tp://a/b",
    ])
    func rejectsUnusableURLs(text: String) {
        #expect(URLText(text) == nil)
    }

    @Test func offersTheDefaultPortVariants() {
        #expect(URLText("https://a.example/p?q")?.portVariants == ["https://a.example/p?q", "https://a.example:443/p?q"])
        #expect(URLText("http://a.example:80/p")?.portVariants == ["http://a.example:80/p", "http://a.example/p"])
        #expect(URLText("http://[::1]/p")?.portVariants == ["http://[::1]/p", "http://[::1]:80/p"])
        #expect(URLText("https://a.example:8443/p")?.portVariants == ["https://a.example:8443/p", "https://a.example/p"])
        #expect(URLText("ftp://a.example/p")?.portVariants == ["ftp://a.example/p"])
    }

    @Test func publicURLsKeepTheRequestQuery() throws {
        let url = try #require(PublicURL("https://hooks.example.com/in/twilio"))
        #expect(url.signedURL(for: "http://10.0.0.1:8080/hooks/twilio?a=1&b=2#x") == "https://hooks.example.com/in/twilio?a=1&b=2")
        #expect(url.signedURL(for: "http://10.0.0.1:8080/hooks/twilio") == "https://hooks.example.com/in/twilio")
    }

    @Test(arguments: ["https://a.example/p?x=1", "https://a.example/p#f", "ftp://a.example/p", "https://u:p@a.example/p", "/hooks/twilio"])
    func publicURLsRefuseQueriesAndOtherSchemes(text: String) {
        #expect(PublicURL(text) == nil)
    }
}
