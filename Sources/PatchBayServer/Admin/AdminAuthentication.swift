import Hummingbird
import PatchBayCore

/// Lets a request to the admin listener through only with
/// `Authorization: Bearer <PATCHBAY_ADMIN_TOKEN>`, compared in constant
/// time; others get 401. The console page itself (`GET /`, static HTML with
/// no data in it) is served to anyone, so a browser can open it and ask for
/// the token.
struct AdminAuthentication<Context: RequestContext>: RouterMiddleware {
    let token: SecretDigests

    init(token: String) {
        self.token = SecretDigests([Array(token.utf8)])
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get, request.uri.path == "/" { return try await next(request, context) }
        guard let presented = Self.bearerToken(request.headers[.authorization]), token.matches(Array(presented.utf8)) else {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer realm=\"patchbay-admin\""
            return .json(
                WebhookReply.error("missing or wrong admin token: send Authorization: Bearer $PATCHBAY_ADMIN_TOKEN"),
                status: .unauthorized, headers: headers)
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
