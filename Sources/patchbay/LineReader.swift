#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in large chunks, without copying
/// each line: the lines of NDJSON input for `patchbay map --ndjson`, and
/// of an identity import.
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

    /// A reader of the file at `path`, or of standard input for `-`.
    static func reading(_ path: String) throws(CommandFailure) -> LineReader {
        if path == "-" { return LineReader(descriptor: STDIN_FILENO, name: "standard input") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandInput.failure(reading: path) }
        return LineReader(descriptor: descriptor, name: path)
    }

    /// The number of the last line handed out.
    private var lineNumber = 0
    /// Where the next line starts in `storage`, and where the bytes read end.
    private var start = 0
    private var end = 0
    private var reachedEnd = false

    /// Calls `body` with the number (from 1) and bytes, without its `\n`, of
    /// each of the next `limit` lines (every line by default); the last line
    /// may lack a `\n`. The bytes are valid only during the call. Returns
    /// whether lines may remain, so a caller can read in batches and do
    /// asynchronous work between them.
    @discardableResult
    func forEachLine(
        upTo limit: Int = .max, _ body: (Int, UnsafeRawBufferPointer) throws(CommandFailure) -> Void
    ) throws(CommandFailure) -> Bool {
        var handed = 0
        while handed < limit {
            let base = UnsafeRawPointer(storage.baseAddress!)
            if start < end, let newline = memchr(base + start, 0x0A, end - start) {
                let stop = base.distance(to: UnsafeRawPointer(newline))
                lineNumber += 1
                try body(lineNumber, UnsafeRawBufferPointer(start: base + start, count: stop - start))
                start = stop + 1
                handed += 1
                continue
            }
            if reachedEnd {
                guard start < end else { return false }
                lineNumber += 1
                try body(lineNumber, UnsafeRawBufferPointer(start: base + start, count: end - start))
                start = end
                return false
            }
            // Keep the unfinished line at the front and read more after it.
            let kept = end - start
            if start > 0, kept > 0 { storage.baseAddress!.copyMemory(from: base + start, byteCount: kept) }
            start = 0
            end = kept
            if end == storage.count { grow() }
            let read = try readChunk(after: end)
            if read == 0 { reachedEnd = true } else { end += read }
        }
        return true
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
