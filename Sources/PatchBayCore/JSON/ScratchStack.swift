/// A stack whose top elements are moved out as an exactly sized array: the
/// parser collects each array's elements and each object's members here, so
/// a document of any shape is built with one allocation per container. Its
/// storage is allocated at the first push, so a stack never used costs
/// nothing.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>?
    private var capacity = 0
    /// The number of elements on the stack.
    private(set) var count = 0

    init() {}

    deinit {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Pushes `element`.
    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: element)
        count += 1
    }

    /// The element at `index` (below ``count``).
    @inline(__always)
    subscript(index: Int) -> Element {
        _read { yield base.unsafelyUnwrapped[index] }
    }

    /// Removes the elements from `start` up and returns them in order.
    mutating func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0, let source = base.map({ $0 + start }) else { return [] }
        count = start
        return Array(unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: source, count: moved)
            initialized = moved
        }
    }

    /// Removes the elements from `start` up.
    mutating func removeAll(from start: Int) {
        guard count > start else { return }
        (base.unsafelyUnwrapped + start).deinitialize(count: count - start)
        count = start
    }

    private mutating func grow() {
        capacity = max(capacity * 2, 64)
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        if let base {
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = larger
    }
}

extension ScratchStack where Element == UInt8 {
    /// The `count` bytes from `start`, valid until the stack next changes.
    func bytes(from start: Int, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + start }, count: count)
    }
}
