import PatchBayCore
import Synchronization

/// Takes personal data out of log lines: email addresses (of any script,
/// with quoted local parts or address-literal domains too, also
/// percent-encoded, as in a customer URL) and phone numbers anywhere in the
/// text — so an external id that is an email or a phone number goes too —
/// and the values of the fields the customer schemas in force mark as PII,
/// as metadata keys or as `"field": "value"` inside JSON text.
///
/// Shared by every log handler of the process; the mapping reloader gives it
/// the PII fields of each new set.
public final class LogRedactor: Sendable {
    /// Whether anything is redacted (`--log-unredacted` turns it off).
    public let isEnabled: Bool
    private let fieldPatterns = Mutex<FieldPatterns>(FieldPatterns(fields: []))

    /// What replaces an email address.
    public static let emailMark = "[email]"
    /// What replaces a phone number.
    public static let phoneMark = "[phone]"
    /// What replaces the value of a PII field.
    public static let fieldMark = "[redacted]"

    public init(enabled: Bool = true, piiFields: some Sequence<String> = CustomerSchema.reachDefault.piiFields.keys) {
        isEnabled = enabled
        update(piiFields: piiFields)
    }

    /// Redacts the values of `piiFields` from now on (the fields of the mapping set in force).
    public func update(piiFields: some Sequence<String>) {
        let patterns = FieldPatterns(fields: Set(piiFields))
        fieldPatterns.withLock { $0 = patterns }
    }

    /// Whether `key` names a PII field.
    public func isPIIField(_ key: String) -> Bool {
        isEnabled && fieldPatterns.withLock { $0.fields.contains(key) }
    }

    /// `text` without personal data.
    public func redact(_ text: String) -> String {
        guard isEnabled else { return text }
        var result = text
        if result.utf8.contains(where: { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "%") }) {
            result = result.replacing(Patterns.email.regex, with: Self.emailMark)
        }
        // The phone patterns are costly to run and need 7 (international, after
        // a `+`) or 10 (national) digits: most log text (ids, counts, times)
        // has fewer and is not searched.
        let digits = Self.digitCount(result)
        if digits >= Patterns.internationalPhoneDigits && result.utf8.contains(UInt8(ascii: "+")) {
            result = result.replacing(Patterns.internationalPhone.regex, with: Self.phoneMark)
        }
        if digits >= Patterns.nationalPhoneDigits && Self.mayHoldNationalPhone(result) {
            result = result.replacing(Patterns.nationalPhone.regex, with: Self.phoneMark)
        }
        if result.utf8.contains(UInt8(ascii: "\"")) {
            let fields = fieldPatterns.withLock { $0 }
            if let regex = fields.jsonValue {
                result = result.replacing(regex.regex) { match in
                    "\"\(match.output[1].substring ?? "")\":\"\(Self.fieldMark)\""
                }
            }
        }
        return result
    }

    /// How many characters of `text` a regex `\d` could match: every
    /// character with a numeric scalar (an ASCII digit, or any other script's).
    /// ASCII text, nearly all log text, is counted byte by byte: there only
    /// `0`–`9` are numeric.
    private static func digitCount(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return numericCharacterCount(text) }
            if byte &- UInt8(ascii: "0") < 10 { count += 1 }
        }
        return count
    }

    /// Whether `text` may hold a national phone number: every form the
    /// pattern matches ends in a separator (white space, `.` or `-`) and four
    /// digits, which ASCII text is searched for byte by byte (an id of many
    /// digits and no separator is not run through the pattern). Other text
    /// is left to the pattern.
    private static func mayHoldNationalPhone(_ text: String) -> Bool {
        var digitsAfterSeparator: Int?
        for byte in text.utf8 {
            guard byte < 0x80 else { return true }
            if byte &- UInt8(ascii: "0") < 10 {
                guard let count = digitsAfterSeparator else { continue }
                if count == 3 { return true }
                digitsAfterSeparator = count + 1
            } else {
                let isSeparator =
                    byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || (0x09...0x0D).contains(byte)
                digitsAfterSeparator = isSeparator ? 0 : nil
            }
        }
        return false
    }

    /// ``digitCount(_:)`` for any text, by the scalars' Unicode properties.
    private static func numericCharacterCount(_ text: String) -> Int {
        var count = 0
        for character in text where character.unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
            count += 1
        }
        return count
    }

    /// The patterns that do not depend on the mappings.
    private enum Patterns {
        /// A local part, plain (letters of any script, digits, `._%+-`) or
        /// quoted (`"john doe"`), then `@` (or `%40`), then a domain of any
        /// script (its top level of letters, or punycode) or an address
        /// literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
        static let email = SharedRegex(
            #"(?:"(?:[^"\\\r\n]|\\.)*"|[\p{L}\p{M}\p{N}._%+\-]+)(?:@|%40)"#
                + #"(?:\[[^\]\s]+\]|[\p{L}\p{M}\p{N}\-]+(?:\.[\p{L}\p{M}\p{N}\-]+)*\.(?:xn--[A-Za-z0-9\-]+|[\p{L}\p{M}]{2,}))"#)
        /// `+` and 7 to 15 digits, with the usual separators.
        static let internationalPhone = SharedRegex(#"\+\d(?:[\s().\-]?\d){6,14}"#)
        /// `(555) 123-4567`, `555-123-4567`, `555.123.4567`.
        static let nationalPhone = SharedRegex(#"(?:\(\d{3}\)\s?|\b\d{3}[\s.\-])\d{3}[\s.\-]\d{4}\b"#)
        /// The fewest digits each phone pattern matches.
        static let internationalPhoneDigits = 7
        static let nationalPhoneDigits = 10
    }

    /// `"field": "value"` for every PII field, compiled once per mapping set.
    private struct FieldPatterns: Sendable {
        let fields: Set<String>
        let jsonValue: SharedRegex?

        init(fields: Set<String>) {
            self.fields = fields
            let names = fields.sorted().map { RegexLiteral.escape($0) }
            jsonValue = names.isEmpty ? nil : SharedRegex(#"\\?"("# + names.joined(separator: "|") + #")\\?"\s*:\s*\\?"(?:[^"\\]|\\[^"])*\\?""#)
        }
    }
}

/// A regular expression compiled once and shared between threads: the
/// compiled program is immutable; only the matches it returns carry
/// type-erased output, and those never leave the calling thread.
struct SharedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) {
        do {
            regex = try Regex(pattern)
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
    }
}

/// Escapes regex metacharacters in a literal.
enum RegexLiteral {
    static func escape(_ literal: String) -> String {
        var escaped = ""
        for character in literal {
            if "\\^$.|?*+()[]{}-/".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
