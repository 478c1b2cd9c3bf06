import Foundation
import TestSupport
import Testing

/// Runs the built `patchbay` executable as a child process.
enum PatchBayProcess {
    /// What a finished run printed and how it exited.
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The `patchbay` binary in the build products directory: beside the test
    /// bundle, or in the repository's `.build/debug`.
    static func executable() throws -> URL {
        let repository = Repository.root
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("patchbay"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("patchbay"),
            repository.appendingPathComponent(".build/debug/patchbay"),
        ]
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "no built patchbay executable in \(candidates.map(\.path))"
        )
    }

    /// Runs `patchbay arguments…` with `input` on standard input and waits
    /// for it to exit, on a thread of its own (see ``onOwnThread(_:)``);
    /// `environment` is added to the test's own.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) async throws -> Outcome {
        let executable = try executable()
        return try await onOwnThread { try runBlocking(executable, arguments, input: input, environment: environment) }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], input: String, environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let standardInput = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        // Drain standard error on another thread so neither pipe can fill up
        // and block the child.
        let errorData = ErrorCollector()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData.store(standardError.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.data, as: UTF8.self)
        )
    }

    /// Holds what the draining thread read.
    private final class ErrorCollector: @unchecked Sendable {
        // Written once before the semaphore is signalled, read after waiting on it.
        private(set) var data = Data()
        func store(_ data: Data) { self.data = data }
    }
}
