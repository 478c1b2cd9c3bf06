import Hummingbird

/// A refusal by the mock Reach: an HTTP status and the message sent in the
/// `{"success": false, "message": …}` envelope.
struct MockReachError: Error, Equatable {
    var status: HTTPResponse.Status
    var message: String

    static func unauthorized(_ message: String) -> MockReachError { .init(status: .unauthorized, message: message) }
    static func badRequest(_ message: String) -> MockReachError { .init(status: .badRequest, message: message) }
    static func unprocessable(_ message: String) -> MockReachError { .init(status: .unprocessableContent, message: message) }
    static func notFound(_ message: String) -> MockReachError { .init(status: .notFound, message: message) }
    static func conflict(_ message: String) -> MockReachError { .init(status: .conflict, message: message) }
}
