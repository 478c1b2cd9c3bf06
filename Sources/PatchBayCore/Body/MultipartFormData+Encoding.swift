extension MultipartFormData {
    /// The boundary of bodies the bridge writes itself (an embedded test's
    /// `body`, sent by `patchbay send`): fixed, so a test's bytes and their
    /// `Content-Type` never change between runs.
    public static let writtenBoundary = "patchbay-form-boundary-7d3f9a"

    /// `fields` as a `multipart/form-data` body with ``writtenBoundary``,
    /// CRLF line ends and no preamble or epilogue. Fields for which
    /// ``encodingProblem(name:value:)`` finds a problem would not read back
    /// the same: check them first.
    public static func encode(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var body: [UInt8] = []
        for field in fields {
            body += Array("--\(writtenBoundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n".utf8)
            body += Array(field.value.utf8) + [0x0D, 0x0A]
        }
        return body + Array("--\(writtenBoundary)--\r\n".utf8)
    }

    /// Why the field cannot be written so that it reads back the same, or
    /// `nil`: a name with a quote, backslash or control character (senders
    /// disagree on how to escape them), or a name or value holding the boundary.
    public static func encodingProblem(name: String, value: String) -> String? {
        if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "the name \(JSONValue.string(name).serialized()) holds a quote, a backslash or a control character"
        }
        if name.contains(writtenBoundary) || value.contains(writtenBoundary) {
            return "the field \(JSONValue.string(name).serialized()) holds the boundary '\(writtenBoundary)'"
        }
        return nil
    }
}
