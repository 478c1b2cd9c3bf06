import Crypto
import HTTPTypes
import PatchBayCore
import PatchBayStore
import PatchBayTransport

extension UpstreamTarget {
    /// The PATCH that applies `plan` — the merged, stale-filtered updates of
    /// `work` — with credentials and an `Idempotency-Key` derived from what it
    /// sends (see ``idempotencyKey(for:request:)``).
    func request(for work: CustomerWork, plan: PatchPlan) -> TransportRequest {
        let merged = CustomerPatch(
            tenant: work.customer.tenant, externalId: work.customer.externalId, data: plan.data,
            allowExtraFields: work.allowExtraFields)
        let patch = PatchRequest(merged, base: baseURL, extraFieldsParameter: extraFieldsParameter)
        var headers = patch.headers
        headers.append(HTTPField(name: Self.idempotencyKeyHeader, value: Self.idempotencyKey(for: work, request: patch)))
        if let authenticator {
            // As configured, like the tenant (see ``PatchRequest/forEachHeader(of:_:)``).
            headers.append(HTTPField(name: .authorization, lenientValue: authenticator.authorizationHeaderValue().utf8))
        }
        return TransportRequest(method: patch.method, url: patch.url, headers: headers, body: patch.body)
    }

    /// The header that lets the upstream recognise a repeated PATCH.
    private static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!

    /// `pb-` and the SHA-256 (hex) of the updates' source events (`source`
    /// and idempotency key) with their acceptance sequence, in order, and of
    /// the request's URL, tenant and body.
    ///
    /// A retry of the same updates sends the same key, so an upstream that
    /// honours the header applies them once. A replay is a new request: it
    /// queues the updates again under new sequences (a re-map under new
    /// updates, with their new content), so its key is new and the upstream
    /// does not drop it as a repeat of the original.
    static func idempotencyKey(for work: CustomerWork, request: PatchRequest) -> String {
        var hasher = SHA256()
        for update in work.updates {
            hasher.update(data: Array(update.source.utf8) + [0] + Array(update.idempotencyKey.utf8) + [0])
            withUnsafeBytes(of: update.sequence.littleEndian) { hasher.update(bufferPointer: $0) }
        }
        hasher.update(data: Array(request.url.utf8) + [0] + Array((work.customer.tenant ?? "").utf8) + [0])
        hasher.update(data: request.body)
        return "pb-" + SignatureEncoding.hex.encode(hasher.finalize())
    }
}
