import Hummingbird
import PatchBayCore

/// What the listener answers a delivery, as a small JSON body.
///
/// Successes are 2xx so the provider stops retrying: 202 when events were
/// accepted for delivery, 200 for a duplicate or a delivery no rule matched.
/// Failures are `{"status": "error", "message": …}`.
public enum WebhookReply: Sendable, Equatable {
    /// 202 `{"status":"accepted","events":N}`: `events` were logged for delivery.
    case accepted(events: Int)
    /// 200 `{"status":"duplicate"}`: every event was seen before.
    case duplicate
    /// 200 `{"status":"ignored"}`: no rule matched.
    case ignored
    /// 400: the body is not what the source's mapping parses (give the
    /// parse error's position in the message).
    case malformed(String)
    /// 401 with a generic message: verification failed. Say which check in
    /// the store, never in the reply.
    case unverified
    /// 415: the content type is not one the source's mapping accepts.
    case unsupportedMediaType(String)
    /// 503: the delivery could not be recorded now (the store is full or
    /// unavailable); the provider should retry.
    case unavailable(String)
    /// 500: an unexpected failure.
    case failed(String)

    /// The HTTP status.
    public var status: HTTPResponse.Status {
        switch self {
        case .accepted: .accepted
        case .duplicate, .ignored: .ok
        case .malformed: .badRequest
        case .unverified: .unauthorized
        case .unsupportedMediaType: .unsupportedMediaType
        case .unavailable: .serviceUnavailable
        case .failed: .internalServerError
        }
    }

    /// The JSON body.
    public var body: JSONValue {
        switch self {
        case .accepted(let events): ["status": "accepted", "events": .number(JSONNumber(events))]
        case .duplicate: ["status": "duplicate"]
        case .ignored: ["status": "ignored"]
        case .unverified: Self.error("verification failed")
        case .malformed(let message), .unsupportedMediaType(let message), .unavailable(let message),
            .failed(let message):
            Self.error(message)
        }
    }

    static func error(_ message: String) -> JSONValue {
        ["status": "error", "message": .string(message)]
    }

    /// The HTTP response.
    var response: Response { .json(body, status: status) }
}
