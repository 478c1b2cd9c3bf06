import ArgumentParser
import Foundation

/// Errors a subcommand throws to end with a one-line message and an exit code.
enum CommandFailure: Error, CustomStringConvertible {
    /// Bad usage or invalid input given on the command line: exit 2.
    case usage(String)
    /// The work itself failed: exit 1.
    case failed(String)
    /// The work failed and has already said why: exit 1 with no more output.
    case silent

    var description: String {
        switch self {
        case .usage(let message), .failed(let message): message
        case .silent: ""
        }
    }

    /// Ends the process for `error` with PatchBay's exit codes: usage errors
    /// (ArgumentParser's own included) exit 2, every other failure exits 1 with
    /// its message on one line, never a stack trace; help and version exit 0.
    static func exit(for error: any Error) -> Never {
        let message: String
        let code: Int32
        switch error {
        case let failure as CommandFailure:
            message = failure.description
            if case .usage = failure { code = 2 } else { code = 1 }
        case let exitCode as ExitCode:
            Foundation.exit(exitCode.rawValue)
        default:
            let parserCode = PatchBayCommand.exitCode(for: error)
            if parserCode == .success {
                PatchBayCommand.exit(withError: error)
            }
            message = PatchBayCommand.fullMessage(for: error)
            // ArgumentParser reports its parse and validation errors as 64.
            code = parserCode == .validationFailure || parserCode.rawValue == 64 ? 2 : 1
        }
        if !message.isEmpty { note(message) }
        Foundation.exit(code)
    }
}
