import ArgumentParser

@main
struct Boilerclean: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boilerclean",
        abstract: "Separate the article body from web boilerplate in any language.",
        discussion: ExitCode.documentation,
        version: "0.1.0",
        subcommands: [Clean.self, Batch.self, Validate.self, Explain.self, RulesDoc.self],
        defaultSubcommand: Clean.self
    )

    /// Parse errors exit with 2 (usage), not the argument parser's 64, as the exit-code table says.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == ExitCode.success { exit(withError: error) }
            if code.rawValue == 64 {
                FileHandle.standardErrorWrite(fullMessage(for: error) + "\n")
                Foundation.exit(Status.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

import Foundation

extension FileHandle {
    static func standardErrorWrite(_ text: String) {
        FileHandle.standardError.write(text.data(using: .utf8) ?? Data())
    }
}

/// The exit statuses, documented in `--help` and the README.
enum Status: Int32 {
    case success = 0
    /// Some input could not be read or decoded (binary, undecodable, unreadable): the rest was cleaned.
    case inputError = 1
    /// Bad command line.
    case usage = 2
    /// The rule files are invalid.
    case rules = 3
    /// Output could not be written.
    case output = 4
    /// `batch`: nearly all files failed (at least 90% of the files): likely a wrong option or input.
    case mostFailed = 5
}

extension ExitCode {
    static let documentation = """
        Exit status:
          0  success
          1  some input could not be read or decoded (binary, undecodable, unreadable); the rest was processed
          2  usage error
          3  invalid rule files (each problem is reported as file:line:column)
          4  output could not be written
          5  batch: nearly all files failed (at least 90% of the files)
          130  batch: interrupted (SIGINT or SIGTERM); no partial output file is left
        """
}
