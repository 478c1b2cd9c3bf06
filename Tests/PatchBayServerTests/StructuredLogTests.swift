import Foundation
import Logging
import PatchBayCore
import PatchBayServer
import Testing

/// The log handler's line shape and redaction.
@Suite struct StructuredLogTests {
    private func logger(_ format: LogFormat, redactor: LogRedactor = LogRedactor()) -> (Logger, LogLines) {
        let lines = LogLines()
        var logger = Logger(label: "patchbay.test") { label in
            StructuredLogHandler(label: label, format: format, redactor: redactor, output: lines.output)
        }
        logger[metadataKey: "source"] = "stripe"
        return (logger, lines)
    }

    @Test func aJSONLineHasTheFixedKeysThenTheMetadataFlattened() throws {
        let (logger, lines) = logger(.json)
        logger.notice(
            "delivery accepted",
            metadata: [
                "event_ids": ["7", "8"], "nested": ["attempt": "2"], "delivery_id": "3",
            ])
        #expect(lines.all.count == 1)
        let line = try JSONParser().parse(Array(try #require(lines.all.first).utf8))
        guard case .object(let object) = line else {
            Issue.record("not an object: \(line)")
            return
        }
        #expect(Array(object.keys.prefix(4)) == ["timestamp", "level", "label", "message"])
        #expect(object["level"] == "notice")
        #expect(object["label"] == "patchbay.test")
        #expect(object["message"] == "delivery accepted")
        #expect(object["source"] == "stripe")
        #expect(object["event_ids"] == ["7", "8"])
        #expect(object["nested"] == ["attempt": "2"])
        #expect(object["delivery_id"] == "3")
        let timestamp = try #require(object["timestamp"]?.stringValue)
        #expect(ISO8601DateFormatter().date(from: String(timestamp.prefix(19)) + "Z") != nil)
    }

    @Test func personalDataIsRedactedEverywhereByDefault() throws {
        let (logger, lines) = logger(.json)
        logger.error(
            "cannot deliver to jenny.rosen@example.com",
            metadata: [
                "customer": "jenny%40example.com", "email": "anything at all", "phone_line": "call +1 415-555-0123",
                "error": #"upstream said {"email":"x@y.io","firstName":"Jenny","emailOptOut":true} for (415) 555-0123"#,
                "customerId": "cus_123",
            ])
        let line = try #require(lines.all.first)
        for secret in ["jenny", "Jenny", "x@y.io", "415", "anything at all", "cus_123"] {
            #expect(!line.contains(secret), "\(secret) leaked: \(line)")
        }
        let object = try JSONParser().parse(Array(line.utf8))
        #expect(object["message"] == "cannot deliver to [email]")
        #expect(object["customer"] == "[email]")
        #expect(object["email"] == "[redacted]")
        #expect(object["customerId"] == "[redacted]")
        #expect(object["phone_line"] == "call [phone]")
        #expect(object["error"] == #"upstream said {"email":"[redacted]","firstName":"[redacted]","emailOptOut":true} for [phone]"#)
    }

    @Test func theSchemaInForceDecidesTheFields() throws {
        let redactor = LogRedactor(piiFields: ["loyaltyNumber"])
        #expect(redactor.redact(#"{"loyaltyNumber":"L-1","email":"kept"}"#) == #"{"loyaltyNumber":"[redacted]","email":"kept"}"#)
        redactor.update(piiFields: ["email"])
        #expect(redactor.redact(#"{"loyaltyNumber":"L-1","email":"kept"}"#) == #"{"loyaltyNumber":"L-1","email":"[redacted]"}"#)
    }

    @Test func idsAndTimesAreNotTakenForPhoneNumbers() {
        let redactor = LogRedactor()
        let text = "event 1700000000 at 2024-05-01T12:00:00Z, delivery 12345678, cus_NffrFeUfNV2Hib"
        #expect(redactor.redact(text) == text)
    }

    @Test func theShortestPhoneNumbersAreStillFound() {
        let redactor = LogRedactor()
        #expect(redactor.redact("call +1234567 now") == "call [phone] now")
        #expect(redactor.redact("call 555-123-4567 now") == "call [phone] now")
        #expect(redactor.redact("call (555) 123-4567") == "call [phone]")
        #expect(redactor.redact("555.123.4567") == "[phone]")
        #expect(redactor.redact("call 555 123 4567, 555\t123\t4567") == "call [phone], [phone]")
        #expect(redactor.redact("customer cus_00000000000000") == "customer cus_00000000000000")
        #expect(redactor.redact("mail jo%40example.com") == "mail [email]")
    }

    /// Addresses beyond plain ASCII: other scripts, quoted local parts,
    /// address-literal domains, punycode; what surrounds them is kept.
    @Test(arguments: [
        ("to jörg@bücher.de now", "to [email] now"),
        ("to 用户@例子.广告 now", "to [email] now"),
        ("to почта@пример.рф now", "to [email] now"),
        (#"to "john doe"@example.com now"#, "to [email] now"),
        (#"to "a\"b@c"@example.com now"#, "to [email] now"),
        ("to user@[192.0.2.1] now", "to [email] now"),
        ("to user@[IPv6:2001:db8::1] now", "to [email] now"),
        ("to user@example.xn--p1ai now", "to [email] now"),
        (#"{"customer":"jörg@bücher.de","id":"cus_1"}"#, #"{"customer":"[email]","id":"cus_1"}"#),
        ("/customers/j%C3%B6rg%40example.com?x=1", "/customers/[email]?x=1"),
    ])
    func emailsOfEveryShapeAreRedacted(_ text: String, _ redacted: String) {
        #expect(LogRedactor().redact(text) == redacted)
    }

    /// Digits of other scripts count towards a phone number as `\d` matches
    /// them, beside ASCII text or alone.
    @Test func phoneNumbersInOtherDigitsAreFound() {
        let redactor = LogRedactor()
        #expect(redactor.redact("call +١٢٣٤٥٦٧ now") == "call [phone] now")
        #expect(redactor.redact("call ٥٥٥-١٢٣-٤٥٦٧ now") == "call [phone] now")
        #expect(redactor.redact("مرحبا ٥٥٥-١٢٣-٤٥٦٧") == "مرحبا [phone]")
    }

    @Test func unredactedModeLogsAsIs() throws {
        let (logger, lines) = logger(.json, redactor: LogRedactor(enabled: false))
        logger.info("to jenny@example.com", metadata: ["email": "jenny@example.com"])
        let object = try JSONParser().parse(Array(try #require(lines.all.first).utf8))
        #expect(object["message"] == "to jenny@example.com")
        #expect(object["email"] == "jenny@example.com")
    }

    @Test func theTextFormatIsOneLineWithKeyValuePairs() throws {
        let (logger, lines) = logger(.text)
        logger.warning("event not mapped", metadata: ["event_id": "4", "errors": ["bad phone +44 20 7946 0958"]])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix(#" warning patchbay.test: event not mapped errors=["bad phone [phone]"] event_id=4 source=stripe"#))
        #expect(!line.contains("\n"))
    }

    /// A customer id holding a line break cannot forge a second text line.
    @Test func theTextFormatEscapesLineBreaksAndControlCharacters() throws {
        let (logger, lines) = logger(.text)
        let forged = "cus_1\n2026-12-05T00:00:00Z info patchbay.dispatcher: delivered\r\u{2028}\u{1}\\"
        logger.notice("delivered \u{85}", metadata: ["customer": .string(forged)])
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        #expect(
            line.hasSuffix(
                #"delivered \u{85} customer=cus_1\n2026-12-05T00:00:00Z info patchbay.dispatcher: delivered\r\u{2028}\u{1}\\ source=stripe"#))
        #expect(!line.contains(where: { $0.isNewline }))
    }
}
