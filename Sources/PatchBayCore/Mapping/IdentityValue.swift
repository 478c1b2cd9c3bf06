/// The rule an event's identity values obey — its idempotency key, its
/// tenant and each update's externalId — before anything is logged or sent.
///
/// These values become a URL path segment, a header and a deduplication key.
/// A control character (a NUL above all) is cut, refused or rewritten on the
/// way by C strings, databases or HTTP stacks, and `.` or `..` as a path
/// segment is resolved by URL normalisers (even escaped as `%2E%2E`) into
/// the collection or its parent: either would send an update somewhere else
/// than the mapping said.
public enum IdentityValue {
    /// Why `text` cannot serve as an identity value, as the end of a sentence
    /// that names the field (`externalId at $.id` + `is empty`); `nil` when it can.
    public static func violation(in text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text == "." || text == ".." {
            return "is \(JSONValue.string(text).serialized()), which URL normalisers resolve as a path step"
        }
        return controlCharacter(in: text).map { "contains the control character \($0)" }
    }

    /// The first control character of `text` (U+0000–U+001F, U+007F–U+009F)
    /// as `U+0000`, or `nil` when it has none.
    static func controlCharacter(in text: String) -> String? {
        guard let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) else { return nil }
        let hex = String(control.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
