/// Splits a full name into a first and a last name the way most sign-up
/// forms mean it: `Jenny Rosen` → `Jenny` / `Rosen`; `Mary Ann van Dyke` →
/// `Mary` / `Ann van Dyke`; `Rosen, Jenny` → `Jenny` / `Rosen`. A single word
/// is a first name only; the last name is then missing.
enum PersonName {
    /// The first and last name in `full`; either is `nil` when absent.
    static func split(_ full: String) -> (first: String?, last: String?) {
        let simple = full.utf8.withContiguousStorageIfAvailable { bytes in
            ScalarText.isSingleScalarCharacters(bytes) ? splitBytes(bytes) : nil
        }
        if let simple = simple ?? nil { return simple }
        return splitCharacters(full)
    }

    /// ``split(_:)`` character by character: the rules the byte-level fast
    /// path must follow, for any text.
    static func splitCharacters(_ full: String) -> (first: String?, last: String?) {
        if let comma = full.firstIndex(of: ",") {
            let last = words(full[..<comma]).joined(separator: " ")
            let first = words(full[full.index(after: comma)...]).joined(separator: " ")
            return (first.isEmpty ? nil : first, last.isEmpty ? nil : last)
        }
        let parts = words(Substring(full))
        guard let first = parts.first else { return (nil, nil) }
        let rest = parts.dropFirst().joined(separator: " ")
        return (String(first), rest.isEmpty ? nil : rest)
    }

    private static func words(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    /// ``split(_:)`` on the UTF-8 of a name in which every character is one
    /// scalar (see ``ScalarText``), so words can be found byte by byte.
    private static func splitBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> (first: String?, last: String?) {
        if let comma = bytes.firstIndex(of: UInt8(ascii: ",")) {
            let last = joinedWords(UnsafeBufferPointer(rebasing: bytes[..<comma]))
            let first = joinedWords(UnsafeBufferPointer(rebasing: bytes[(comma + 1)...]))
            return (first, last)
        }
        guard let start = ScalarText.nextNonWhitespace(bytes, from: 0) else { return (nil, nil) }
        let end = ScalarText.nextWhitespace(bytes, from: start) ?? bytes.count
        let first = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return (first, joinedWords(UnsafeBufferPointer(rebasing: bytes[end...])))
    }

    /// The words of `bytes` joined by single spaces; `nil` when there is none.
    private static func joinedWords(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = ScalarText.nextNonWhitespace(bytes, from: 0) else { return nil }
        var end = ScalarText.nextWhitespace(bytes, from: start) ?? bytes.count
        guard var next = ScalarText.nextNonWhitespace(bytes, from: end) else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var joined = Array(bytes[start..<end])
        while true {
            end = ScalarText.nextWhitespace(bytes, from: next) ?? bytes.count
            joined.append(UInt8(ascii: " "))
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[next..<end]))
            guard let following = ScalarText.nextNonWhitespace(bytes, from: end) else { break }
            next = following
        }
        return String(decoding: joined, as: UTF8.self)
    }
}
