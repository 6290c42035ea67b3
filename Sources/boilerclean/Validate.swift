import ArgumentParser
import BoilercleanEngine
import BoilercleanRules
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule files: every problem with its position, and every rule example run as a test.",
        discussion: """
            Checks each PATH (a rule file or a folder of them; none: the built-in rules) and reports every \
            problem as path:line:column: error|warning: message, followed by the source line and a caret. \
            Each rule's examples are run as written, with CRLF line ends and behind a multi-byte prefix; a \
            failing example is reported at its own line. Patterns that hit the ICU time limit on their own \
            examples are warnings.

            Exit status:
              0  no errors (and, with --strict, no warnings)
              1  errors found (or warnings, with --strict)
              2  usage error (bad option, missing path)
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("Rule files or folders; none for the built-in rules.", valueName: "path"))
    var paths: [String] = []

    @Option(help: "text: diagnostics for people; json: one JSON object with every diagnostic.")
    var format: Format = .text

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    func run() throws {
        var sources: [RuleSource] = []
        if paths.isEmpty {
            sources = Cleaner.defaultRuleSources()
        } else {
            for path in paths {
                do { sources += try ruleSources(at: path) } catch {
                    let missing = !FileManager.default.fileExists(atPath: path)
                    fail(CLIError(message: error.message, status: missing ? .usage : .inputError))
                }
            }
        }
        let report = RuleValidation.validate(sources)
        switch format {
        case .text:
            var out = report.diagnostics.map { $0.description + "\n" }.joined()
            if !report.diagnostics.isEmpty { out += "\n" }
            writeOut(out)
            FileHandle.standardErrorWrite("\(report.files) rule files, \(report.rules) rules, \(report.examples) examples: \(report.errors) errors, \(report.warnings) warnings\n")
        case .json:
            writeOut(ValidationJSON.render(report) + "\n")
        }
        let failed = report.errors > 0 || (strict && report.warnings > 0)
        if failed { throw ExitCode(1) }
    }
}

/// `validate --format json`: a summary and every diagnostic, in file order.
enum ValidationJSON {
    struct Output: Encodable {
        var files: Int
        var rules: Int
        var examples: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]
    }

    static func render(_ report: ValidationReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let output = Output(files: report.files, rules: report.rules, examples: report.examples,
                            errors: report.errors, warnings: report.warnings, diagnostics: report.diagnostics)
        guard let data = try? encoder.encode(output) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
