extension JSONReader {
    /// Reads a value without building anything of it: it is checked as
    /// strictly as a value that is built (syntax, UTF-8, duplicate names,
    /// depth), with the same errors at the same offsets.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: throw unexpectedCharacter(expected: "a value")
        }
    }

    /// Skips a string literal, checking the UTF-8 of any that is not ASCII.
    @inline(__always)
    private mutating func skipString() throws(JSONParseError) {
        let offset = index + 1
        let string = try readString()
        if !string.ascii { _ = try makeString(string, at: offset) }
    }

    private mutating func skipObject(depth: Int) throws(JSONParseError) {
        guard try opens(closedBy: UInt8(ascii: "}"), depth: depth) else { return }
        var names = ObjectNames(reader: self)
        repeat {
            _ = try readMemberName(&names)
            try skipValue(depth: depth)
        } while try continues(closedBy: UInt8(ascii: "}"))
        end(names)
    }

    private mutating func skipArray(depth: Int) throws(JSONParseError) {
        guard try opens(closedBy: UInt8(ascii: "]"), depth: depth) else { return }
        repeat {
            try skipValue(depth: depth)
        } while try continues(closedBy: UInt8(ascii: "]"))
    }
}
