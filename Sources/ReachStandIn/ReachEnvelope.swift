import Foundation
import Hummingbird
import PatchBayCore
import PatchBayServer

/// The response bodies of Reach's customer API (reach-api.md):
/// `{"success", "message", "data": {"result", "included"}}`, a resource
/// carrying every id and time under both its snake_case and camelCase name.
struct ReachEnvelope {
    /// Ids that are the same for every customer of one mock Reach.
    var schemaDefinitionId: UUID
    var platformId: UUID

    /// A 200 answer carrying `customer`.
    func success(_ customer: StoredCustomer, message: String) -> Response {
        .json(
            [
                "success": true,
                "message": .string(message),
                "data": ["result": resource(customer), "included": []],
            ], status: .ok)
    }

    /// An error answer: `{"success": false, "message": …}` with the error's status.
    static func failure(_ error: MockReachError, headers: HTTPFields = [:]) -> Response {
        .json(["success": false, "message": .string(error.message)], status: error.status, headers: headers)
    }

    private func resource(_ customer: StoredCustomer) -> JSONValue {
        let names: [(snake: String, camel: String, value: JSONValue)] = [
            ("schema_definition_id", "schemaDefinitionId", .string(schemaDefinitionId.uuidString.lowercased())),
            ("platform_id", "platformId", .string(platformId.uuidString.lowercased())),
            ("business_id", "businessId", .string(customer.businessId.uuidString.lowercased())),
            ("resource_external_id", "resourceExternalId", .string(customer.externalId)),
            ("created_at", "createdAt", .string(Self.timestamp(customer.createdAt))),
            ("updated_at", "updatedAt", .string(Self.timestamp(customer.updatedAt))),
        ]
        var members: [(key: String, value: JSONValue)] = [("id", .string(customer.id.uuidString.lowercased()))]
        for name in names {
            members.append((name.snake, name.value))
            members.append((name.camel, name.value))
        }
        members.append(("data", .object(customer.data)))
        return .object(JSONObject(members))
    }

    /// RFC 3339 in UTC with milliseconds, as Reach writes times.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
