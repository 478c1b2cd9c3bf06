import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatchBayCore
import Testing

@testable import ReachStandIn

@Suite struct MockReachCustomerTests {
    let path = "/api/resources/customers/"

    func withMock(
        _ options: MockReachOptions = MockReachOptions(), _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: MockReach(options: options).router()).test(.router, test)
    }

    @Test func patchCreatesThenMergesAndGetReturnsTheCustomer() async throws {
        try await withMock { client in
            try await client.execute(
                uri: path + "cus_1", method: .patch, body: body(["data": ["email": "a@example.com", "emailOptOut": false]])
            ) { response in
                #expect(response.status == .ok)
                let envelope = try json(response.body)
                #expect(envelope["success"] == true)
                #expect(envelope["data"]?["result"]?["data"] == ["email": "a@example.com", "emailOptOut": false])
            }
            try await client.execute(uri: path + "cus_1", method: .patch, body: body(["data": ["emailOptOut": true]])) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: path + "cus_1", method: .get) { response in
                #expect(response.status == .ok)
                let result = try json(response.body)["data"]?["result"]
                #expect(result?["data"] == ["email": "a@example.com", "emailOptOut": true])
            }
        }
    }

    /// With key deduplication, a repeated `Idempotency-Key` gets the first
    /// answer again and changes nothing; without it, every request applies.
    @Test(arguments: [true, false])
    func aRepeatedIdempotencyKeyIsNotAppliedAgainWhenDeduplicating(_ deduplicates: Bool) async throws {
        try await withMock(MockReachOptions(deduplicatesIdempotencyKeys: deduplicates)) { client in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "pb-1"]
            try await client.execute(uri: path + "cus_k", method: .patch, headers: key, body: body(["data": ["firstName": "Ada"]])) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            }
            try await client.execute(uri: path + "cus_k", method: .patch, headers: key, body: body(["data": ["firstName": "Grace"]])) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == (deduplicates ? "true" : nil))
                let answered = try json(response.body)["data"]?["result"]?["data"]
                #expect(answered == ["firstName": deduplicates ? "Ada" : "Grace"])
            }
            try await client.execute(uri: path + "cus_k", method: .get) { response in
                let stored = try json(response.body)["data"]?["result"]?["data"]
                #expect(stored == ["firstName": deduplicates ? "Ada" : "Grace"])
            }
        }
    }

    @Test(arguments: [(0, [String]()), (2, ["cus_4", "cus_5"]), (9, ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"])])
    func journalLimitKeepsTheMostRecentRequests(limit: Int, kept: [String]) async throws {
        let mock = MockReach(options: MockReachOptions(journalLimit: limit))
        try await Application(router: mock.router()).test(.router) { client in
            for number in 1...5 {
                try await client.execute(uri: path + "cus_\(number)", method: .patch, body: body(["data": ["firstName": "Ada"]])) {
                    response in
                    #expect(response.status == .ok)
                }
            }
        }
        #expect(mock.journal.entries.map(\.externalId) == kept)
        #expect(mock.journal.entries.allSatisfy { $0.status == 200 })
    }

    @Test func resourceCarriesReachIdsAndTimesInBothSpellings() async throws {
        try await withMock { client in
            try await client.execute(uri: path + "cus_2", method: .post, body: body(["data": ["firstName": "Ada"]])) {
                response in
                #expect(response.status == .ok)
                let envelope = try json(response.body)
                #expect(envelope["message"]?.stringValue?.isEmpty == false)
                #expect(envelope["data"]?["included"] == [])
                let result = try #require(envelope["data"]?["result"])
                #expect(UUID(uuidString: result["id"]?.stringValue ?? "") != nil)
                for (snake, camel) in [
                    ("schema_definition_id", "schemaDefinitionId"), ("platform_id", "platformId"),
                    ("business_id", "businessId"),
                ] {
                    #expect(UUID(uuidString: result[snake]?.stringValue ?? "") != nil)
                    #expect(result[snake] == result[camel])
                }
                #expect(result["resource_external_id"] == "cus_2")
                #expect(result["resourceExternalId"] == "cus_2")
                for (snake, camel) in [("created_at", "createdAt"), ("updated_at", "updatedAt")] {
                    let time = try #require(result[snake]?.stringValue)
                    #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time) <= Date())
                    #expect(result[snake] == result[camel])
                }
            }
        }
    }

    @Test func getOfAnUnknownCustomerIs404() async throws {
        try await withMock { client in
            try await client.execute(uri: path + "nobody", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(responseJSON(response.body)["success"] == false)
            }
        }
    }

    @Test func postOfAnExistingCustomerIs409() async throws {
        try await withMock { client in
            try await client.execute(uri: path + "dup", method: .post, body: body(["data": [:]]))
            try await client.execute(uri: path + "dup", method: .post, body: body(["data": [:]])) { response in
                #expect(response.status == .conflict)
            }
        }
    }

    @Test func patchOfAnUnknownCustomerIs404WhenCreationIsOff() async throws {
        try await withMock(MockReachOptions(createOnPatch: false)) { client in
            try await client.execute(uri: path + "ghost", method: .patch, body: body(["data": ["email": "g@x.io"]])) {
                response in
                #expect(response.status == .notFound)
                #expect(responseJSON(response.body)["success"] == false)
            }
            try await client.execute(uri: path + "ghost", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func unknownFieldsAre400UnlessAllowedAndThenNotSaved() async throws {
        try await withMock { client in
            let update = body(["data": ["email": "b@example.com", "favouriteColour": "green"]])
            try await client.execute(uri: path + "cus_3", method: .patch, body: update) { response in
                #expect(response.status == .badRequest)
                let envelope = try json(response.body)
                #expect(envelope["success"] == false)
                #expect(envelope["message"]?.stringValue?.contains("favouriteColour") == true)
            }
            try await client.execute(uri: path + "cus_3?allowExtraFields=true", method: .patch, body: update) {
                response in
                #expect(response.status == .ok)
                #expect(responseJSON(response.body)["data"]?["result"]?["data"] == ["email": "b@example.com"])
            }
        }
    }

    @Test func theExtraFieldsParameterNameIsConfigurable() async throws {
        try await withMock(MockReachOptions(extraFieldsParameter: "acceptExtra")) { client in
            let update = body(["data": ["nickname": "x"]])
            try await client.execute(uri: path + "cus_4?allowExtraFields=true", method: .patch, body: update) {
                response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: path + "cus_4?acceptExtra=true", method: .patch, body: update) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: [
        ["emailOptOut": "yes"] as JSONValue, ["email": 42], ["phone": nil], ["createdAt": "last tuesday"],
        ["createdAt": 1_700_000_000],
    ])
    func wrongTypesAre422(data: JSONValue) async throws {
        try await withMock { client in
            try await client.execute(uri: path + "cus_5", method: .patch, body: body(["data": data])) { response in
                #expect(response.status == .unprocessableContent)
                #expect(responseJSON(response.body)["success"] == false)
            }
        }
    }

    @Test(arguments: ["not json", "[]", #"{"email": "x"}"#, #"{"data": []}"#])
    func malformedBodiesAre400(text: String) async throws {
        try await withMock { client in
            try await client.execute(uri: path + "cus_6", method: .patch, body: ByteBuffer(string: text)) { response in
                #expect(response.status == .badRequest)
                #expect(responseJSON(response.body)["success"] == false)
            }
        }
    }

    @Test func rfc3339CreatedAtIsAccepted() async throws {
        try await withMock { client in
            for time in ["2023-11-07T05:31:56Z", "2023-11-07T05:31:56.123+02:00"] {
                try await client.execute(uri: path + "cus_7", method: .patch, body: body(["data": ["createdAt": .string(time)]])) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test func customersAreKeptPerTenant() async throws {
        try await withMock { client in
            try await client.execute(
                uri: path + "shared", method: .patch, headers: [.reachTenantID: "t1"], body: body(["data": ["firstName": "One"]]))
            try await client.execute(
                uri: path + "shared", method: .patch, headers: [.reachTenantID: "t2"], body: body(["data": ["firstName": "Two"]]))
            try await client.execute(uri: path + "shared", method: .get, headers: [.reachTenantID: "t1"]) { response in
                #expect(responseJSON(response.body)["data"]?["result"]?["data"] == ["firstName": "One"])
            }
            try await client.execute(uri: path + "shared", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func externalIdsArePercentDecoded() async throws {
        try await withMock { client in
            try await client.execute(uri: path + "a%2Fb%20c%2B%40", method: .patch, body: body(["data": [:]])) { response in
                #expect(responseJSON(response.body)["data"]?["result"]?["resourceExternalId"] == "a/b c+@")
            }
        }
    }
}
