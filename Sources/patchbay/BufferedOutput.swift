#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects output bytes and writes them to a file descriptor in large
/// blocks, so a run that prints millions of lines makes few system calls.
struct BufferedOutput {
    /// The bytes not yet written; append to it, then call ``flushIfFull()``.
    var bytes: [UInt8]
    private let descriptor: Int32
    private let threshold: Int

    /// A buffer for `descriptor` written out whenever it holds `threshold`
    /// bytes or more.
    init(descriptor: Int32, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        self.bytes = []
        self.bytes.reserveCapacity(threshold + threshold / 2)
    }

    /// Writes the buffer out when it has reached the threshold.
    @inline(__always)
    mutating func flushIfFull() throws(CommandFailure) {
        if bytes.count >= threshold { try flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() throws(CommandFailure) {
        let descriptor = self.descriptor
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        bytes.removeAll(keepingCapacity: true)
        if let failure {
            throw .failed("cannot write the output: \(String(cString: strerror(failure)))")
        }
    }
}
