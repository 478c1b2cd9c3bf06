import Foundation
import PatchBayCore
import PatchBayStore

/// The JSON shapes events take in the CLI and the admin API.
public enum EventJSON {
    /// One event as a list row.
    public static func summary(_ event: EventRecord) -> JSONValue {
        var object = JSONObject([
            (key: "id", value: .number(JSONNumber(Int(event.id)))),
            (key: "source", value: .string(event.source)),
            (key: "key", value: .string(event.idempotencyKey)),
            (key: "status", value: .string(event.status.rawValue)),
            (key: "receivedAt", value: .string(timestamp(event.receivedAt))),
        ])
        object["eventTime"] = event.eventTime.map { .string(timestamp($0)) }
        object["finishedAt"] = event.finishedAt.map { .string(timestamp($0)) }
        object["error"] = event.error.map(JSONValue.string)
        return .object(object)
    }

    /// One event with its delivery, updates and attempts.
    public static func detail(_ detail: EventDetail) -> JSONValue {
        guard case .object(var object) = summary(detail.event) else { return .null }
        object["delivery"] = .object(
            JSONObject([
                (key: "id", value: .number(JSONNumber(Int(detail.delivery.id)))),
                (key: "receivedAt", value: .string(timestamp(detail.delivery.receivedAt))),
                (key: "headers", value: .array(detail.delivery.headers.map { ["name": .string($0.name.rawName), "value": .string($0.value)] })),
                (key: "body", value: .string(String(decoding: detail.delivery.body, as: UTF8.self))),
            ]))
        object["updates"] = .array(detail.updates.map(update))
        object["attempts"] = .array(detail.attempts.map(attempt))
        return .object(object)
    }

    static func update(_ update: UpdateRecord) -> JSONValue {
        var object = JSONObject([
            (key: "id", value: .number(JSONNumber(Int(update.id)))),
            (key: "status", value: .string(update.status.rawValue)),
            (key: "data", value: .object(update.data)),
            (key: "allowExtraFields", value: .bool(update.allowExtraFields)),
            (key: "attempts", value: .number(JSONNumber(update.attempts))),
            (key: "nextAttemptAt", value: .string(timestamp(update.nextAttemptAt))),
        ])
        // An update whose customer was never found by lookup has no externalId.
        if !update.customer.externalId.isEmpty { object["externalId"] = .string(update.customer.externalId) }
        object["tenant"] = update.customer.tenant.map(JSONValue.string)
        object["lastStatus"] = update.lastHTTPStatus.map { .number(JSONNumber($0)) }
        object["lastError"] = update.lastError.map(JSONValue.string)
        object["lastResponse"] = update.lastResponseBody.map(JSONValue.string)
        return .object(object)
    }

    static func attempt(_ attempt: AttemptRecord) -> JSONValue {
        var object = JSONObject([
            (key: "id", value: .number(JSONNumber(Int(attempt.id)))),
            (key: "updates", value: .array(attempt.updateIds.map { .number(JSONNumber(Int($0))) })),
            (key: "outcome", value: .string(attempt.outcome.rawValue)),
            (key: "startedAt", value: .string(timestamp(attempt.startedAt))),
            (key: "finishedAt", value: .string(timestamp(attempt.finishedAt))),
        ])
        object["httpStatus"] = attempt.httpStatus.map { .number(JSONNumber($0)) }
        object["error"] = attempt.error.map(JSONValue.string)
        object["response"] = attempt.responseBody.map(JSONValue.string)
        object["upstream"] = attempt.upstream.map(JSONValue.string)
        return .object(object)
    }

    /// RFC 3339 in UTC.
    static func timestamp(_ date: Date) -> String {
        Timestamp(date).rfc3339
    }
}
