import ArgumentParser
import BoilercleanEngine
import BoilercleanRules
import BoilercleanText
import Foundation

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one rule on a document: where it fires, and elsewhere which condition failed.",
        discussion: """
            The rule runs alone (as its examples do), so the other rules' decisions play no part. Each \
            block is printed with its first line number, then either what the rule does there or the \
            first reason it does not fire.

            \(ExitCode.documentation)
            """
    )

    @Option(help: ArgumentHelp("The id of the rule to run.", valueName: "id"))
    var rule: String

    @Argument(help: ArgumentHelp("The document; \"-\" for standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("page or extracted (default: the rule's first mode, else extracted).", valueName: "mode"))
    var mode: CleaningMode?

    @Option(help: ArgumentHelp("Read input in this encoding instead of detecting it.", valueName: "name"))
    var encoding: String?

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let set: RuleSet
        do { set = try rules.ruleSet() } catch { fail(error) }
        guard let chosen = set.rules.first(where: { $0.id == rule }) else {
            var message = "no rule with id '\(rule)'"
            if let s = suggestion(for: rule, among: set.rules.map(\.id)) { message += "; did you mean '\(s)'?" }
            fail(CLIError(message: message, status: .usage))
        }
        let text: DecodedText
        do {
            text = try TextDecoder.decode(try readInput(file), encoding: encoding)
        } catch let error as CLIError {
            fail(error)
        } catch {
            fail(CLIError(message: "\(file): \(error)", status: .inputError))
        }
        let probe = try RuleProbe(stopwords: set.stopwords)
        let outcome = probe.probe(chosen, in: set, text: String(decoding: text.bytes, as: UTF8.self), mode: mode)
        writeOut(Self.render(chosen, outcome, source: file == "-" ? "<stdin>" : file))
    }

    static func render(_ rule: Rule, _ outcome: RuleProbe.Outcome, source: String) -> String {
        let document = outcome.document
        var out = "# \(rule.id) (\(rule.kind.rawValue), \(rule.action.rawValue), scope \(rule.region.rawValue)) from \(rule.file):\(rule.position.line)\n"
        out += "# \(source): \(document.blocks.count) blocks, body script \(UnicodeScripts.name(document.profile.bodyScript))"
        if let language = document.profile.language { out += ", language \(language)" }
        out += "\n"
        for (block, miss) in zip(document.blocks, outcome.misses) {
            var text = document.text(of: block).replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: " ⏎ ")
            if text.count > 90 { text = String(text.prefix(87)) + "…" }
            let line = String(block.line + 1).leftPad(5)
            if let miss {
                out += "  \(line) \(text)\n          no: \(miss)\n"
            } else {
                out += "* \(line) \(text)\n          fires: \(Self.effect(of: rule.action))\n"
            }
        }
        let fired = outcome.firing.count
        out += "# fires on \(fired) of \(document.blocks.count) blocks\n"
        return out
    }

    static func effect(of action: RuleAction) -> String {
        switch action {
        case .drop: return "drop this block"
        case .dropToEnd: return "drop this block and everything after it"
        case .dropToStart: return "drop this block and everything before it"
        case .dropList: return "drop this block and the headlines listed after it (after \(RuleAction.listProseBefore)+ words of prose)"
        case .keep: return "keep this block as body"
        case .trim: return "trim this block if it is at the edge (or only removed blocks lie between)"
        case .good, .nearGood, .short, .bad: return "page class \(action.rawValue)"
        }
    }
}

extension CleaningMode: ExpressibleByArgument {}
