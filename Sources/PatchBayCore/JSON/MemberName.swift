/// The hash of a member name that parsing, name caching and lookups by
/// exact name share: cheap to compute (the name's length and its first and
/// last eight UTF-8 bytes, or fewer of a shorter name), equal for equal UTF-8.
enum MemberName {
    /// The hash of the UTF-8 `content`.
    @inline(__always)
    static func hash(_ content: UnsafeRawBufferPointer) -> UInt64 {
        let count = content.count
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if count >= 8 {
            head = UInt64(littleEndian: content.loadUnaligned(as: UInt64.self))
            tail = UInt64(littleEndian: content.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        } else if count >= 4 {
            head = UInt64(UInt32(littleEndian: content.loadUnaligned(as: UInt32.self)))
            tail = UInt64(UInt32(littleEndian: content.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
        } else if count > 0 {
            head = UInt64(content[0]) | UInt64(content[count / 2]) << 8 | UInt64(content[count - 1]) << 16
        }
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ ((tail ^ UInt64(count)) &* 0xC2B2_AE3D_27D4_EB4F)
        return mixed ^ (mixed >> 29)
    }

    /// The hash of `name`'s UTF-8.
    static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
