/// A strict RFC 8259 JSON parser that keeps numbers exact.
///
/// It rejects what a lenient parser would guess at: trailing commas, comments,
/// control characters and invalid UTF-8 in strings, lone surrogate escapes,
/// duplicate member names (a verifier and a mapper must never see different
/// values for one name), and nesting deeper than ``maximumDepth``.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON text; only whitespace may surround it.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parseBuffer(UnsafeRawBufferPointer(buffer))
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { parseBuffer($0) }.get()
    }

    /// Parses one JSON text from a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { parseBuffer(UnsafeRawBufferPointer($0)) }
        return try result.get()
    }

    /// Parses one JSON text, reusing member names kept in `names` from
    /// earlier documents (see ``MemberNameCache``), and building only what
    /// `projection` names when there is one (the rest is checked, not built).
    func parse(_ bytes: [UInt8], names: MemberNameCache, projection: JSONProjection?) throws(JSONParseError) -> JSONValue {
        try names.withTable { table in
            bytes.withUnsafeBytes { parseBuffer($0, names: table, projection: projection) }
        }.get()
    }

    private func parseBuffer(
        _ buffer: UnsafeRawBufferPointer, names: MemberNameTable? = nil, projection: JSONProjection? = nil
    ) -> Result<JSONValue, JSONParseError> {
        var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth, names: names)
        do throws(JSONParseError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0, projection: projection)
            reader.skipWhitespace()
            if reader.index < buffer.count {
                throw reader.error("unexpected data after the JSON value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
