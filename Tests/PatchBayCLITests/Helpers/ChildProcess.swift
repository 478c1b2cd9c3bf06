import Foundation
import TestSupport

/// A long-running `patchbay` child process (`serve`, `mock-reach`) whose
/// standard error goes to a log file and whose standard output is read for
/// the line announcing its address.
final class ChildProcess: @unchecked Sendable {
    // `process` is only started, signalled and waited on; `output` is read by one caller at a time.
    let process: Process
    private let output: Pipe
    /// Where the child's standard error goes.
    let logFile: URL

    private init(process: Process, output: Pipe, logFile: URL) {
        self.process = process
        self.output = output
        self.logFile = logFile
    }

    /// Starts `patchbay arguments…` with `environment` added to this process's.
    static func start(_ arguments: [String], environment: [String: String] = [:], logFile: URL) throws -> ChildProcess {
        let process = Process()
        process.executableURL = try PatchBayProcess.executable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        try log.seekToEnd()
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        return ChildProcess(process: process, output: output, logFile: logFile)
    }

    /// The port in the first output line that starts with `announcement`
    /// (`… http://127.0.0.1:PORT`); fails if the child exits first. Read on
    /// a thread of its own (see ``onOwnThread(_:)``).
    func port(announcedBy announcement: String) async throws -> Int {
        try await onOwnThread { try self.portBlocking(announcedBy: announcement) }
    }

    private func portBlocking(announcedBy announcement: String) throws -> Int {
        var buffered = ""
        while true {
            while let newline = buffered.firstIndex(of: "\n") {
                let line = buffered[..<newline]
                buffered.removeSubrange(...newline)
                if line.hasPrefix(announcement), let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                    return port
                }
            }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw ChildExited(description: "\(process.arguments ?? []) exited before announcing its port:\n\(log)")
            }
            buffered += String(decoding: data, as: UTF8.self)
        }
    }

    /// Sends `signal` and waits, on a thread of its own, for the child to exit.
    func stopped(_ signal: Int32 = SIGTERM) async throws {
        try await onOwnThread { self.stop(signal) }
    }

    /// Sends `signal` and waits for the child to exit (for `defer`, where
    /// the child has mostly exited already).
    func stop(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }
}

/// A child process ended before it was ready.
struct ChildExited: Error, CustomStringConvertible {
    let description: String
}
