extension MultipartFormData {
    /// The headers of one form part, checked: a `Content-Disposition` of
    /// `form-data` with a name and no filename, and nothing that says the
    /// value is other than UTF-8 text as sent.
    struct PartHeaders {
        /// The field's name.
        let name: String

        /// Reads the header lines in `block` (CRLF between lines, no final
        /// one); `offset` is where the block starts in the body.
        init(_ block: ArraySlice<UInt8>, offset: Int) throws(BodyDecodingError) {
            var name: String?
            var lineStart = block.startIndex
            while lineStart < block.endIndex {
                let lineEnd = block.firstOccurrence(of: [0x0D, 0x0A], from: lineStart) ?? block.endIndex
                let line = block[lineStart..<lineEnd]
                func failure(_ message: String) -> BodyDecodingError { BodyDecodingError(message: message, offset: lineStart) }
                if line.first == 0x20 || line.first == 0x09 { throw failure("a part header line is folded (starts with a space)") }
                if line.contains(0x0D) || line.contains(0x0A) { throw failure("a part header line holds a bare CR or LF; lines end in CRLF") }
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                    throw failure("a part header line has no 'Name:'")
                }
                let header = String(decoding: line[..<colon], as: UTF8.self).lowercased()
                let value: MIMEHeaderValue
                do {
                    value = try MIMEHeaderValue(parsing: line[(colon + 1)...])
                } catch {
                    throw failure("part header \(header): \(error.message)")
                }
                switch header {
                case "content-disposition":
                    guard name == nil else { throw failure("a part has two Content-Disposition headers") }
                    guard value.value == "form-data" else { throw failure("a part's Content-Disposition is '\(value.value)', expected form-data") }
                    guard let given = value.parameter("name") else { throw failure("a part's Content-Disposition has no name") }
                    if let file = value.parameter("filename") ?? value.parameter("filename*") {
                        throw failure("part '\(given)' is a file upload (filename '\(file)'); only text fields are read")
                    }
                    name = given
                case "content-type":
                    if let charset = value.parameter("charset"), !["utf-8", "us-ascii"].contains(charset.lowercased()) {
                        throw failure("a part's charset is '\(charset)'; only UTF-8 text is read")
                    }
                case "content-transfer-encoding":
                    guard ["7bit", "8bit", "binary"].contains(value.value) else {
                        throw failure(
                            "a part's Content-Transfer-Encoding is '\(value.value)'; only values sent as they are (7bit, 8bit, binary) are read")
                    }
                default:
                    break
                }
                lineStart = lineEnd + 2
            }
            guard let name else { throw BodyDecodingError(message: "a part has no Content-Disposition: form-data; name=…", offset: offset) }
            self.name = name
        }
    }
}
