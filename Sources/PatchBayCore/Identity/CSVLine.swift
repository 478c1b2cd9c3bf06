/// The fields of one CSV line (RFC 4180): separated by commas, a field in
/// double quotes may hold commas and doubled quotes. A record spanning
/// several lines is not supported: an unclosed quote is refused.
enum CSVLine {
    static func fields(_ bytes: [UInt8]) throws(IdentityRecordRefusal) -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var quoted = false
        var fieldStart = true
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte != UInt8(ascii: "\"") {
                    field.append(byte)
                } else if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    field.append(byte)
                    index += 1
                } else {
                    quoted = false
                    if index < bytes.count, bytes[index] != UInt8(ascii: ",") {
                        throw IdentityRecordRefusal("text after a closing quote at column \(index + 1)")
                    }
                }
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                continue
            } else if byte == UInt8(ascii: "\""), fieldStart {
                quoted = true
            } else {
                field.append(byte)
            }
            fieldStart = false
        }
        if quoted { throw IdentityRecordRefusal("a quoted field is not closed on its line") }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
