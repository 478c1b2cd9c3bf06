import Crypto
import PatchBayCore
import PatchBayStore
import PatchBayTransport

extension UpstreamTarget {
    /// The PATCH that applies `plan` — the merged, stale-filtered updates of
    /// `work` — with credentials and an `Idempotency-Key` derived from the
    /// source events it carries, so the same set of events always sends the
    /// same key however often it is retried.
    func request(for work: CustomerWork, plan: PatchPlan) -> TransportRequest {
        let update = CustomerUpdate(
            rule: "", tenant: work.customer.tenant, externalId: work.customer.externalId,
            data: plan.data, allowExtraFields: work.allowExtraFields)
        let patch = PatchRequest(update: update, base: baseURL, extraFieldsParameter: extraFieldsParameter)
        var headers = TransportHeaders(patch.headers.map { TransportHeaderField(name: $0.name, value: $0.value) })
        headers.add(name: "Idempotency-Key", value: Self.idempotencyKey(for: work))
        if let authenticator {
            headers.add(name: "Authorization", value: authenticator.authorizationHeaderValue())
        }
        return TransportRequest(method: patch.method, url: patch.url, headers: headers, body: patch.body)
    }

    /// `pb-` and the SHA-256 (hex) of the source events' `source` and
    /// idempotency key, in acceptance order.
    static func idempotencyKey(for work: CustomerWork) -> String {
        var hasher = SHA256()
        for update in work.updates {
            hasher.update(data: Array(update.source.utf8) + [0] + Array(update.idempotencyKey.utf8) + [0])
        }
        return "pb-" + SignatureEncoding.hex.encode(hasher.finalize())
    }
}
