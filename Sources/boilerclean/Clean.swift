import ArgumentParser
import BoilercleanEngine
import BoilercleanRules
import BoilercleanText
import Foundation

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean documents: print the article body without the residue around it.",
        discussion: """
            Reads each FILE (or standard input for "-" or no FILE), detects its encoding, and prints the kept \
            lines byte for byte. UTF-8 is written. With several files the cleaned texts follow each other.

            \(ExitCode.documentation)
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("Files to clean; \"-\" or none for standard input.", valueName: "file"))
    var files: [String] = []

    @Option(help: "text: the cleaned text; json: one JSON object per document with every block, its verdict, rules and features.")
    var format: Format = .text

    @Flag(help: "Print every line annotated with its verdict and the rules behind it.")
    var explain = false

    @OptionGroup var rules: RuleOptions
    @OptionGroup var cleaning: CleaningArguments
    @OptionGroup(title: "JSON Lines") var jsonLines: JSONLinesOptions

    @Option(help: ArgumentHelp("With --jsonl: clean records on this many threads (output keeps the input order).", valueName: "n"))
    var jobs = 1

    func validate() throws {
        guard jsonLines.jsonl else {
            if jsonLines.field != "text" || jsonLines.outputField != nil || jsonLines.annotate != nil || jobs != 1 {
                throw ValidationError("--field, --output-field, --annotate and --jobs need --jsonl")
            }
            return
        }
        if explain || format != .text { throw ValidationError("--jsonl writes JSON Lines; it does not combine with --explain or --format") }
        if cleaning.encoding != nil { throw ValidationError("--jsonl reads JSON, which is UTF-8; --encoding does not apply") }
        _ = try jsonLines.fields()
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let ruleSet: RuleSet
        do { ruleSet = try rules.ruleSet() } catch { fail(error) }
        let options = CleaningOptions(mode: cleaning.mode, allowEmpty: cleaning.allowEmpty, collectEvidence: explain || format == .json)
        let cleaner = try Cleaner(rules: ruleSet, options: options)
        if jsonLines.jsonl {
            let inputs = files.isEmpty ? ["-"] : files
            let status = jobs == 1
                ? JSONLinesFilter.run(inputs: inputs, cleaner: cleaner, fields: try jsonLines.fields())
                : ParallelJSONLinesFilter.run(inputs: inputs, cleaners: try (0..<jobs).map { _ in Handoff(try cleaner.clone()) }, fields: try jsonLines.fields())
            if status != .success { throw ExitCode(status.rawValue) }
            return
        }
        var status = Status.success
        let inputs = files.isEmpty ? ["-"] : files
        let color = explain && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        for path in inputs {
            let name = path == "-" ? "<stdin>" : path
            do {
                let raw = try readInput(path)
                if raw.isEmpty {
                    FileHandle.standardErrorWrite("boilerclean: \(name): empty input\n")
                }
                let decoded: DecodedText
                do { decoded = try TextDecoder.decode(raw, encoding: cleaning.encoding) } catch {
                    if case .unknownEncoding = error { fail(CLIError(message: error.description, status: .usage)) }
                    throw CLIError(message: "\(name): \(error.description)", status: .inputError)
                }
                if let note = decoded.note { FileHandle.standardErrorWrite("boilerclean: \(name): \(note)\n") }
                let result = cleaner.clean(utf8: decoded.bytes)
                for warning in result.warnings { FileHandle.standardErrorWrite("boilerclean: \(name): warning: \(warning)\n") }
                if explain {
                    writeOut(Explanation.render(result, source: name, color: color))
                } else if format == .json {
                    writeOut(result.jsonReport(source: name, encoding: decoded.encoding) + [0x0A])
                } else {
                    writeOut(result.output())
                }
            } catch let error as CLIError {
                FileHandle.standardErrorWrite("boilerclean: \(error.message)\n")
                status = .inputError
            }
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
