import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server on 127.0.0.1 for one test run: `initdb` into
/// a temporary directory, `pg_ctl start` on a free port (unix socket in the
/// same directory), stopped and deleted when the test process exits.
/// PostgreSQL refuses to run as root, so as root the server runs as the
/// `postgres` system user (via `runuser`).
public enum LocalPostgresServer {
    /// Why the server could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Running {
        var directory: URL
        var pgCtl: String
    }

    private static let running = Mutex<Running?>(nil)

    /// Starts the server; returns the URL of its `postgres` database (user
    /// `patchbay`, no password). `initdb` and `pg_ctl start` take seconds, so
    /// they run on a thread of their own (see ``onOwnThread(_:)``).
    public static func start() async throws -> String {
        try await onOwnThread(startBlocking)
    }

    private static func startBlocking() throws -> String {
        let bin = try binDirectory()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory.path)
        }
        let data = directory.appendingPathComponent("data").path
        try run("\(bin)/initdb", ["-D", data, "-U", "patchbay", "--auth=trust", "-E", "UTF8", "--no-sync"])
        let port = try freePort()
        let options = [
            "-h 127.0.0.1", "-p \(port)", "-k \(directory.path)", "-c max_connections=300", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off",
        ].joined(separator: " ")
        try run("\(bin)/pg_ctl", ["-D", data, "-l", directory.appendingPathComponent("log").path, "-w", "-o", options, "start"])
        running.withLock { $0 = Running(directory: directory, pgCtl: "\(bin)/pg_ctl") }
        atexit { LocalPostgresServer.stop() }
        return "postgres://patchbay@127.0.0.1:\(port)/postgres"
    }

    /// Stops the server at once and deletes its directory.
    public static func stop() {
        guard
            let server = running.withLock({ state in
                defer { state = nil }
                return state
            })
        else { return }
        try? run(server.pgCtl, ["-D", server.directory.appendingPathComponent("data").path, "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: server.directory)
    }

    /// The newest installed PostgreSQL's binaries (Debian keeps them out of `PATH`).
    private static func binDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw Failure(
                description: "PostgreSQL is not installed (\(root) is empty); install the postgresql package "
                    + "or set PATCHBAY_TEST_POSTGRES_URL")
        }
        return "\(root)/\(newest)/bin"
    }

    /// Runs a server program (as `postgres` when we are root) and fails with its output if it fails.
    /// (posix_spawn and waitpid: Foundation's Process misses the exit of `pg_ctl start`, whose server lives on.)
    private static func run(_ program: String, _ arguments: [String]) throws {
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-pg-\(UUID().uuidString).out").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours may live on in the server: an inherited socket
        // stays open after this process closes it, so its peer never sees the
        // close (other tests' connections, accepted or dialled, among them).
        try closeInheritedDescriptors(&actions)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
            throw Failure(description: "cannot start \(command[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }

    /// Adds "close every descriptor from 3 up" to `actions`. glibc (2.34 and
    /// later) has `posix_spawn_file_actions_addclosefrom_np` but its header
    /// declares it for `_GNU_SOURCE` builds only, so it is looked up by name.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            throw Failure(description: "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later has)")
        }
        guard unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3) == 0 else {
            throw Failure(description: "posix_spawn_file_actions_addclosefrom_np failed")
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "cannot find a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
