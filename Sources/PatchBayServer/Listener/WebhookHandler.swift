/// What the listener hands each webhook delivery to: the seam between the
/// HTTP layer and verification, mapping and the store.
///
/// The listener itself answers unknown sources (404), wrong methods (405),
/// bodies over the limit (413) and clients too slow to send their body (408);
/// none of those reach the handler.
public protocol WebhookHandler: Sendable {
    /// Whether `/hooks/<source>` is served now. Asked on every request, so
    /// the sources served may change while the server runs.
    func serves(_ source: String) -> Bool

    /// Whether `GET /hooks/<source>` answers 200, for providers that check a
    /// webhook URL with a GET before using it (Mailchimp). Asked only for
    /// sources it ``serves(_:)``.
    func answersURLCheck(source: String) -> Bool

    /// Verifies, maps and records one delivery to a served source, and says
    /// what to answer.
    func handle(_ delivery: IncomingWebhook) async -> WebhookReply
}
