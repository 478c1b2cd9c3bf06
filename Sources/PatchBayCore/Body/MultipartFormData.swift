/// Decoding of `multipart/form-data` bodies (RFC 7578 on RFC 2046's
/// multipart syntax): parts between `--boundary` lines, each with a
/// `Content-Disposition: form-data; name="…"` header and a text value.
///
/// What is read, and what is refused rather than guessed:
/// - the boundary comes from the `Content-Type` parameter (quoted or not, 1
///   to 70 of RFC 2046's characters); without it nothing can be read;
/// - lines end in CRLF, as the RFCs require; a delimiter line ending in a
///   bare LF is an error, not read another way;
/// - a preamble before the first delimiter and an epilogue after the close
///   delimiter (`--boundary--`) are ignored; a body without the close
///   delimiter is an error (it was cut short);
/// - every value is kept byte for byte and must be UTF-8; a part with a
///   `filename` (a file upload), a charset other than UTF-8 or US-ASCII, or a
///   `Content-Transfer-Encoding` other than 7bit, 8bit or binary is refused,
///   since its bytes are not the text a mapping reads;
/// - names are taken as written between the quotes (see ``MIMEHeaderValue``).
public enum MultipartFormData {
    /// The longest boundary RFC 2046 allows.
    public static let maximumBoundaryLength = 70
    /// The most bytes of headers one part may have: a part's headers are a
    /// line or two, so more is not a form.
    public static let maximumPartHeaderBytes = 8_192

    /// One text field: its name, its value and the offset of its delimiter line.
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
        public let offset: Int
    }

    /// The boundary the `Content-Type` value names.
    public static func boundary(in contentType: String?) throws(BodyDecodingError) -> String {
        guard let contentType else {
            throw BodyDecodingError(message: "a multipart body needs a Content-Type header naming its boundary", offset: 0)
        }
        let header: MIMEHeaderValue
        do {
            header = try MIMEHeaderValue(parsing: contentType.utf8)
        } catch {
            throw BodyDecodingError(message: "Content-Type: \(error.message)", offset: 0)
        }
        guard let boundary = header.parameter("boundary") else {
            throw BodyDecodingError(message: "the Content-Type names no boundary (multipart/form-data; boundary=…)", offset: 0)
        }
        let allowed = Array("'()+_,-./:=? ".utf8)
        guard (1...maximumBoundaryLength).contains(boundary.utf8.count), boundary.utf8.last != 0x20,
            boundary.utf8.allSatisfy({ $0 < 0x80 && ($0.isASCIILetterOrDigit || allowed.contains($0)) })
        else {
            throw BodyDecodingError(
                message:
                    "the boundary is not 1 to \(maximumBoundaryLength) of RFC 2046's characters (letters, digits, '()+_,-./:=? and inner spaces)",
                offset: 0)
        }
        return boundary
    }

    /// The text fields of `body` in order. See the type's documentation for
    /// what is refused.
    public static func fields(_ body: [UInt8], contentType: String?) throws(BodyDecodingError) -> [Field] {
        let dashBoundary = Array("--".utf8) + Array(try boundary(in: contentType).utf8)
        let delimiter = [0x0D, 0x0A] + dashBoundary
        var position: Int
        if body.starts(with: dashBoundary) {
            position = 0
        } else if let found = body.firstOccurrence(of: delimiter, from: 0) {
            position = found + 2
        } else {
            throw BodyDecodingError(message: "no delimiter line '\(String(decoding: dashBoundary, as: UTF8.self))' in the body", offset: 0)
        }
        var fields: [Field] = []
        while true {
            var index = position + dashBoundary.count
            if body[index...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return fields }  // the close delimiter
            while index < body.count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }  // transport padding
            guard body[index...].starts(with: [0x0D, 0x0A]) else {
                let message =
                    switch body[index...].first {
                    case nil: "the body ends without the close delimiter '--…--' (it was cut short)"
                    case 0x0A?: "a delimiter line ends in a bare LF; multipart lines end in CRLF"
                    default: "a delimiter line has other text after the boundary"
                    }
                throw BodyDecodingError(message: message, offset: index)
            }
            let (field, end) = try part(body, from: index + 2, delimiter: delimiter, delimiterOffset: position)
            fields.append(field)
            position = end + 2
        }
    }

    /// The fields of `body` as one JSON object of strings. A name given twice
    /// is an error: a mapping could not tell which value a path means.
    public static func object(_ body: [UInt8], contentType: String?) throws(BodyDecodingError) -> JSONObject {
        var seen = Set<String>()
        var members: [JSONObject.Member] = []
        for field in try fields(body, contentType: contentType) {
            guard seen.insert(field.name).inserted else {
                throw BodyDecodingError(message: "form-data name '\(field.name)' is given twice", offset: field.offset)
            }
            members.append(JSONObject.Member(key: field.name, value: .string(field.value)))
        }
        return JSONObject(members: members)
    }

    /// The part whose headers start at `start`, and the offset of the
    /// delimiter that ends it.
    private static func part(_ body: [UInt8], from start: Int, delimiter: [UInt8], delimiterOffset: Int) throws(BodyDecodingError) -> (Field, Int) {
        let headerEnd: Int
        let valueStart: Int
        if body[start...].starts(with: [0x0D, 0x0A]) {
            (headerEnd, valueStart) = (start, start + 2)
        } else {
            let limit = min(body.count, start + maximumPartHeaderBytes + 4)
            guard let blankLine = body[..<limit].firstOccurrence(of: [0x0D, 0x0A, 0x0D, 0x0A], from: start) else {
                let message =
                    limit == body.count
                    ? "a part's headers do not end in a blank line (the body was cut short)"
                    : "a part's headers are longer than \(maximumPartHeaderBytes) bytes"
                throw BodyDecodingError(message: message, offset: start)
            }
            (headerEnd, valueStart) = (blankLine, blankLine + 4)
        }
        let name = try PartHeaders(body[start..<headerEnd], offset: start).name
        guard let valueEnd = body.firstOccurrence(of: delimiter, from: valueStart) else {
            throw BodyDecodingError(message: "part '\(name)' does not end: the body has no delimiter after it (it was cut short)", offset: valueStart)
        }
        guard let value = String(validating: body[valueStart..<valueEnd], as: UTF8.self) else {
            throw BodyDecodingError(message: "the value of part '\(name)' is not UTF-8 text", offset: valueStart)
        }
        return (Field(name: name, value: value, offset: delimiterOffset), valueEnd)
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

extension Collection<UInt8> where Index == Int {
    /// The index where `pattern` first occurs at or after `start`.
    func firstOccurrence(of pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, pattern.count <= count else { return nil }
        var index = start
        let last = endIndex - pattern.count
        while index <= last {
            guard let candidate = self[index...last].firstIndex(of: first) else { return nil }
            if self[candidate..<(candidate + pattern.count)].elementsEqual(pattern) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
