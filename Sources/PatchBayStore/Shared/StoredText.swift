import PatchBayCore

/// The store's rule for text: every text value is kept byte for byte, or
/// refused before anything is written.
///
/// Neither backend can keep a NUL character in a text column: GRDB hands
/// SQLite text as a C string, which ends at the first NUL (a customer id
/// `a\0b` would be stored as `a`), and PostgreSQL's `text` cannot hold one at
/// all. So a value holding a NUL is refused with
/// ``EventStoreError/invalidArgument(_:)`` naming it, by every backend
/// alike. Columns written as JSON (update data, headers, customer keys)
/// escape it and hold any string. Diagnostic text of an attempt — an error,
/// an upstream's response body, both already cut to a bounded prefix — is
/// kept with each NUL replaced by U+FFFD instead: refusing it would leave an
/// attempt that was made unrecorded.
enum StoredText {
    /// Throws when `text` holds a NUL; `what` names the value in the message.
    static func check(_ text: String?, _ what: @autoclosure () -> String) throws {
        guard let text, text.utf8.contains(0) else { return }
        throw EventStoreError.invalidArgument(
            "\(what()) \(JSONValue.string(text).serialized()) contains a NUL character, which the store cannot keep")
    }

    /// `text` with each NUL replaced by U+FFFD.
    static func diagnostic(_ text: String?) -> String? {
        guard let text, text.utf8.contains(0) else { return text }
        return String(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : Character($0) })
    }
}

extension IngestDelivery {
    /// Checks every text value the delivery writes (see ``StoredText``).
    func checkStoredText() throws {
        try StoredText.check(source, "the source")
        if let singleUseToken { try StoredText.check(singleUseToken.value, "the single-use token") }
        for event in events {
            try StoredText.check(event.idempotencyKey, "the idempotency key")
            try event.mapping.checkStoredText()
        }
    }
}

extension EventMapping {
    /// Checks every text value the mapping writes (see ``StoredText``):
    /// errors, tenants, external ids and field names (kept per field for
    /// stale-write protection).
    func checkStoredText() throws {
        switch self {
        case .failed(let message):
            try StoredText.check(message, "the mapping error")
        case .updates(let updates, let problems):
            try StoredText.check(problems, "the mapping problems")
            for update in updates {
                try StoredText.check(update.tenant, "the tenant")
                try StoredText.check(update.customer?.externalId, "the externalId")
                if case .lookup(_, let lookup) = update.target {
                    try StoredText.check(lookup.fallback, "the externalId")
                    for address in lookup.addresses where lookup.whenUnresolved == .useValue {
                        try StoredText.check(address.value, "the address used as externalId")
                    }
                }
                for field in update.data.keys { try StoredText.check(field, "the field name") }
            }
        }
    }
}

extension IdentityRecord {
    /// Checks the texts stored in clear: the tenant and the externalId.
    func checkStoredText() throws {
        try StoredText.check(tenant, "the tenant")
        try StoredText.check(externalId, "the externalId")
    }
}

extension IdentityErasure {
    /// Checks the externalId of an erasure by customer.
    func checkStoredText() throws {
        if case .customer(let externalId) = self { try StoredText.check(externalId, "the externalId") }
    }
}

extension EventQuery {
    /// Checks the query's text values: one holding a NUL matches nothing
    /// stored, and SQLite would compare only what precedes it.
    func checkStoredText() throws {
        try StoredText.check(source, "the source")
        try StoredText.check(externalId, "the externalId")
        try StoredText.check(tenant, "the tenant")
    }
}

extension AttemptReport {
    /// The report as stored: its response body cut to `responseBodyLimit`
    /// bytes, its diagnostic text without NUL (see ``StoredText``).
    func stored(responseBodyLimit: Int) -> AttemptReport {
        var report = self
        report.error = StoredText.diagnostic(error)
        report.responseBody = StoredText.diagnostic(StoreCodec.truncated(responseBody, limit: responseBodyLimit))
        report.upstream = StoredText.diagnostic(upstream)
        return report
    }
}
