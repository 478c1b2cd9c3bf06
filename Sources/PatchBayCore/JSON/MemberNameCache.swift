import Synchronization

/// Member names kept from earlier documents, so that parsing many documents
/// of one shape (every delivery of one source) reuses their name strings
/// instead of building each one again.
///
/// Safe to share between threads: a parse uses the cache only when no other
/// parse holds it, and otherwise goes on without it.
final class MemberNameCache: Sendable {
    private let table = Mutex(MemberNameTable())

    init() {}

    /// Runs `body` with the table, or with `nil` when it is in use.
    func withTable<Result: Sendable>(_ body: (MemberNameTable?) -> Result) -> Result {
        if let result = table.withLockIfAvailable({ table in body(table) }) { return result }
        return body(nil)
    }
}

/// A direct-mapped table of member names by hash: a name found again is
/// reused, a new one takes its slot. Bounded: 512 names of at most 64 bytes.
final class MemberNameTable {
    private static let slotCount = 512
    private static let longestName = 64
    private let slots: UnsafeMutablePointer<(hash: UInt64, name: String?)>

    init() {
        slots = .allocate(capacity: MemberNameTable.slotCount)
        slots.initialize(repeating: (hash: 0, name: nil), count: MemberNameTable.slotCount)
    }

    deinit {
        slots.deinitialize(count: MemberNameTable.slotCount)
        slots.deallocate()
    }

    /// The name whose UTF-8 is `content` (with `hash`): the kept string, or
    /// the one `make` builds, which is then kept.
    @inline(__always)
    func name<Failure: Error>(_ content: UnsafeRawBufferPointer, hash: UInt64, make: () throws(Failure) -> String) throws(Failure) -> String {
        guard content.count <= MemberNameTable.longestName else { return try make() }
        let slot = slots + (Int(truncatingIfNeeded: hash) & (MemberNameTable.slotCount - 1))
        if slot.pointee.hash == hash, let name = slot.pointee.name, MemberNameTable.name(name, equals: content) { return name }
        let name = try make()
        slot.pointee = (hash: hash, name: name)
        return name
    }

    private static func name(_ name: String, equals content: UnsafeRawBufferPointer) -> Bool {
        guard name.utf8.count == content.count else { return false }
        let equal = name.utf8.withContiguousStorageIfAvailable { UnsafeRawBufferPointer($0).hasSameBytes(as: content) }
        return equal ?? name.utf8.elementsEqual(content)
    }
}
