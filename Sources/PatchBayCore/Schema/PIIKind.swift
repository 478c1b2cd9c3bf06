/// What kind of personal data a customer field holds, as Reach's
/// `x-pii-type` annotation names it. Logs redact fields that have one.
public enum PIIKind: String, Sendable, CaseIterable {
    case email = "EMAIL"
    case phone = "PHONE"
    case firstName = "FIRST_NAME"
    case lastName = "LAST_NAME"
    case name = "NAME"
    case externalID = "EXTERNAL_ID"
}
