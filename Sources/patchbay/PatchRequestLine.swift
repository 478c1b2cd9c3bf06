import PatchBayCore

extension PatchRequest {
    /// Appends the request as `patchbay map` prints it: one JSON object,
    /// `{"method","url","headers","body"}`, and a newline. The body is
    /// already JSON and is written as it is.
    func writeLine(to output: inout [UInt8]) {
        append(#"{"method":"#, to: &output)
        JSONValue.writeString(method, to: &output)
        append(#","url":"#, to: &output)
        JSONValue.writeString(url, to: &output)
        append(#","headers":{"#, to: &output)
        for (position, header) in headers.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(header.name, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONValue.writeString(header.value, to: &output)
        }
        append(#"},"body":"#, to: &output)
        output.append(contentsOf: body)
        append("}\n", to: &output)
    }

    private func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
