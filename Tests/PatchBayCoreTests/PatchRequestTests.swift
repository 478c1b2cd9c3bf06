import Testing

@testable import PatchBayCore

@Suite struct PatchRequestTests {
    private func update(_ externalId: String, tenant: String? = nil, extra: Bool = false) -> CustomerUpdate {
        CustomerUpdate(
            rule: "r", tenant: tenant, externalId: externalId, data: JSONObject([(key: "email", value: "a@b.c"), (key: "emailOptOut", value: true)]),
            allowExtraFields: extra)
    }

    @Test(arguments: [
        ("cus_NffrFeUfNV2Hib", "cus_NffrFeUfNV2Hib"),
        ("a/b", "a%2Fb"),
        ("jo smith", "jo%20smith"),
        ("+14155550123", "%2B14155550123"),
        ("jo@example.com", "jo%40example.com"),
        ("Zoë 東京", "Zo%C3%AB%20%E6%9D%B1%E4%BA%AC"),
        ("a?b#c%d", "a%3Fb%23c%25d"),
        ("..", "%2E%2E"),
        ("a.b-c_d~e", "a.b-c_d~e"),
    ])
    func encodesExternalIdsAsOnePathSegment(externalId: String, encoded: String) {
        #expect(PatchRequest.percentEncodedSegment(externalId) == encoded)
        #expect(
            PatchRequest(update(externalId).patch, base: "https://api.embedreach.com").url
                == "https://api.embedreach.com/api/resources/customers/\(encoded)")
    }

    @Test func rendersMethodHeadersAndBody() {
        let request = PatchRequest(update("c1", tenant: "tenant-7").patch, base: "http://127.0.0.1:8081/")
        #expect(request.method == "PATCH")
        #expect(request.url == "http://127.0.0.1:8081/api/resources/customers/c1")
        #expect(request.headers.map { "\($0.name.rawName): \($0.value)" } == ["Content-Type: application/json", "reach-tenant-id: tenant-7"])
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"data":{"email":"a@b.c","emailOptOut":true}}"#)
        #expect(PatchRequest(update("c1").patch, base: "http://x").headers.count == 1)
    }

    @Test func extraFieldsAddTheConfiguredQueryParameter() {
        #expect(PatchRequest(update("c1", extra: true).patch, base: "http://x").url == "http://x/api/resources/customers/c1?allowExtraFields=true")
        #expect(
            PatchRequest(update("c1", extra: true).patch, base: "http://x", extraFieldsParameter: "acceptExtra").url
                == "http://x/api/resources/customers/c1?acceptExtra=true")
    }
}
