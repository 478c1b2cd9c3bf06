#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in large chunks, without copying
/// each line: the lines of NDJSON input for `patchbay map --ndjson`.
final class LineReader {
    private let descriptor: Int32
    private let name: String
    private var storage: UnsafeMutableRawBufferPointer

    /// A reader of `descriptor`; `name` (a path, or "standard input") is used
    /// in error messages.
    init(descriptor: Int32, name: String, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.name = name
        self.storage = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Calls `body` with each line's number (from 1) and bytes, without its
    /// `\n`; the last line may lack one. The bytes are valid only during the
    /// call.
    func forEachLine(_ body: (Int, UnsafeRawBufferPointer) throws(CommandFailure) -> Void) throws(CommandFailure) {
        var lineNumber = 0
        var pending = 0 // bytes at the start of `storage` that belong to an unfinished line
        while true {
            if pending == storage.count { grow() }
            let read = try readChunk(after: pending)
            let end = pending + read
            let base = UnsafeRawPointer(storage.baseAddress!)
            var start = 0
            while start < end, let newline = memchr(base + start, 0x0A, end - start) {
                let stop = base.distance(to: UnsafeRawPointer(newline))
                lineNumber += 1
                try body(lineNumber, UnsafeRawBufferPointer(start: base + start, count: stop - start))
                start = stop + 1
            }
            if read == 0 {
                if start < end {
                    lineNumber += 1
                    try body(lineNumber, UnsafeRawBufferPointer(start: base + start, count: end - start))
                }
                return
            }
            pending = end - start
            if start > 0, pending > 0 { storage.baseAddress!.copyMemory(from: base + start, byteCount: pending) }
        }
    }

    /// Doubles the buffer, for a line longer than it, keeping its contents.
    private func grow() {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
        larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: storage.count)
        storage.deallocate()
        storage = larger
    }

    /// Reads into the free space after the first `kept` bytes; returns the
    /// number of bytes read, 0 at the end of the input.
    private func readChunk(after kept: Int) throws(CommandFailure) -> Int {
        while true {
            let count = read(descriptor, storage.baseAddress! + kept, storage.count - kept)
            if count >= 0 { return count }
            if errno != EINTR { throw CommandInput.failure(reading: name) }
        }
    }
}
