import Foundation
import Hummingbird

/// Serves everything under `/hooks/`, whatever the method: the listener's
/// own refusals (404 unknown source, 405 wrong method, 413 too large, 408
/// too slow), the GET URL check, and POST deliveries handed to the
/// ``WebhookHandler``. Other paths go on to the router.
struct HookRoutes: RouterMiddleware {
    typealias Context = ChannelRequestContext

    static let prefix = "/hooks/"

    let handler: any WebhookHandler
    let options: ListenerOptions

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let target = request.head.path ?? "/"
        let (path, query) = Self.split(target)
        guard path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        let rawSource = path.dropFirst(Self.prefix.count)
        guard !rawSource.utf8.contains(UInt8(ascii: "/")), let source = rawSource.removingPercentEncoding,
            handler.serves(source)
        else {
            return Self.refusal(.notFound, "no webhook source at \(path)")
        }
        switch request.method {
        case .post:
            return try await deliver(request, context: context, source: source, path: path, query: query)
        case .get where handler.answersURLCheck(source: source):
            return .json(["status": "ok"], status: .ok)
        default:
            let allowed = handler.answersURLCheck(source: source) ? "GET, POST" : "POST"
            var response = Self.refusal(.methodNotAllowed, "\(request.method) is not allowed here; use \(allowed)")
            response.headers[.allow] = allowed
            return response
        }
    }

    private func deliver(
        _ request: Request, context: Context, source: String, path: String, query: String?
    ) async throws -> Response {
        let reader = BoundedBodyReader(limit: options.bodyLimit, deadline: options.readTimeout)
        switch try await reader.read(request) {
        case .tooLarge:
            // Closing spares reading (and discarding) the rest of a body this large.
            return Self.refusal(.contentTooLarge, "the body is larger than \(options.bodyLimit) bytes")
                .closingConnection(context.channel)
        case .tooSlow:
            return Self.refusal(.requestTimeout, "the body did not arrive in time").closingConnection(context.channel)
        case .complete(let body):
            let delivery = IncomingWebhook(
                source: source, method: request.method.rawValue, path: path, query: query, authority: request.head.authority,
                headers: request.headers, remoteAddress: context.remoteAddress, body: body, receivedAt: Date())
            return await handler.handle(delivery).response
        }
    }

    private static func split(_ target: String) -> (path: String, query: String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    private static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        .json(WebhookReply.error(message), status: status)
    }
}
