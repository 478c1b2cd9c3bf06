import Foundation
import Hummingbird
import PatchBayCore
import PatchBayStore

/// The identity routes of the admin API, the operations of `patchbay identities`:
///
/// - `POST /api/identities` — import the body (CSV with a header row, or NDJSON);
///   answers the counts and each refused line's number and reason;
/// - `GET /api/identities?email=…|phone=…[&tenant=…]` — the externalIds holding an address;
/// - `DELETE /api/identities?externalId=…|email=…|phone=…[&tenant=…]` — an erasure
///   request (without a tenant, in every tenant);
/// - `GET /api/identities/stats` — the size of the index and the waiting updates.
extension AdminAPI {
    /// The largest import body accepted, in bytes.
    static let identityImportLimit = 256 << 20

    func addIdentityRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/identities") { request, _ in try await answer { try await importIdentities(request) } }
        router.get("/api/identities") { request, _ in try await answer { try await lookUpIdentity(request) } }
        router.delete("/api/identities") { request, _ in try await answer { try await forgetIdentities(request) } }
        router.get("/api/identities/stats") { _, _ in
            try await answer { IdentityJSON.statistics(try await dependencies.store.identityStatistics()) }
        }
    }

    private func importIdentities(_ request: Request) async throws -> JSONValue {
        let body = try await request.body.collect(upTo: Self.identityImportLimit)
        var importer = IdentityImport(store: dependencies.store)
        var refusals: [JSONValue] = []
        for (index, line) in body.readableBytesView.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            do throws(IdentityFileError) {
                if let refusal = try importer.read(line) {
                    refusals.append(["line": .number(JSONNumber(index + 1)), "reason": .string(refusal.reason)])
                }
            } catch {
                throw AdminError.badRequest(error.description)
            }
            if importer.isBatchFull { try await importer.flush() }
        }
        try await importer.flush()
        if importer.releasedUpdates > 0 { dependencies.wakeDispatcher() }
        var object = importer.json
        object["refusals"] = .array(refusals)
        return .object(object)
    }

    private func lookUpIdentity(_ request: Request) async throws -> JSONValue {
        let parameters = request.uri.queryParameters
        let address = try Self.address(parameters)
        let tenant = parameters["tenant"].map(String.init)
        let found = try await dependencies.store.customers(for: address, tenant: tenant)
        return ["externalIds": .array(found.map(JSONValue.string))]
    }

    private func forgetIdentities(_ request: Request) async throws -> JSONValue {
        let parameters = request.uri.queryParameters
        let erasure: IdentityErasure =
            if let externalId = parameters["externalId"] {
                .customer(externalId: String(externalId))
            } else {
                .address(try Self.address(parameters))
            }
        let removed = try await dependencies.store.forgetIdentities(erasure, tenant: parameters["tenant"].map(String.init), now: .now)
        if removed > 0 { dependencies.wakeDispatcher() }
        return ["removed": .number(JSONNumber(removed))]
    }

    /// The `email` or `phone` parameter, normalized.
    private static func address(_ parameters: Parameters) throws(AdminError) -> IdentityAddress {
        let given = IdentityKind.allCases.compactMap { kind in parameters[Substring(kind.rawValue)].map { (kind, String($0)) } }
        guard given.count == 1, let (kind, text) = given.first else {
            throw AdminError.badRequest("give exactly one of email and phone (or externalId to forget a customer)")
        }
        do {
            return try IdentityAddress(kind, text)
        } catch {
            throw AdminError.badRequest("\(kind.rawValue): \(error.message)")
        }
    }
}
