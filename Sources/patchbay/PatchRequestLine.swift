import PatchBayCore

/// Writes PATCH requests as `patchbay map` prints them: one JSON object per
/// line, `{"method","url","headers","body"}`, appended straight from each
/// update to the output (the same URL, headers and body as ``PatchRequest``).
struct PatchRequestLines {
    /// The Reach API base URL the requests are addressed to.
    let base: String
    /// The name of Reach's extra-fields query parameter.
    let extraFieldsParameter: String
    /// The URL being written, before it is escaped into the output.
    private var url: [UInt8] = []

    init(base: String, extraFieldsParameter: String) {
        self.base = base
        self.extraFieldsParameter = extraFieldsParameter
    }

    /// Appends the request line for `update` to `output`.
    mutating func write(_ update: CustomerUpdate, to output: inout [UInt8]) {
        let patch = update.patch
        append(#"{"method":"#, to: &output)
        JSONValue.writeString(PatchRequest.method, to: &output)
        append(#","url":"#, to: &output)
        url.removeAll(keepingCapacity: true)
        PatchRequest.appendURL(of: patch, base: base, extraFieldsParameter: extraFieldsParameter, to: &url)
        url.withUnsafeBytes { JSONValue.writeString(utf8: $0, to: &output) }
        append(#","headers":{"#, to: &output)
        var first = true
        PatchRequest.forEachHeader(of: patch) { header in
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.writeString(header.name.rawName, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONValue.writeString(header.value, to: &output)
        }
        append(#"},"body":"#, to: &output)
        PatchRequest.appendBody(of: patch, to: &output)
        append("}\n", to: &output)
    }

    private func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
