import BoilercleanRules
import BoilercleanText

/// Runs single rules on documents: for rule examples, `validate` and `explain --rule`.
public final class RuleProbe {
    let analyzer: Analyzer
    let folder: CaseFolder

    public init(stopwords: StopwordTable = StopwordTable()) throws {
        analyzer = try Analyzer(stopwords: stopwords)
        folder = try CaseFolder()
    }

    /// Where a rule stands on each block of a text: fires, or the first reason it does not.
    public struct Outcome: Sendable {
        public var document: Document
        /// For each block: nil when the rule fires, otherwise why it does not.
        public var misses: [String?]
        public var firing: [Int] { misses.indices.filter { misses[$0] == nil } }
    }

    public func probe(_ rule: Rule, in set: RuleSet, text: String, mode: CleaningMode? = nil) -> Outcome {
        let document = analyzer.analyze(Array(text.utf8))
        let m = mode ?? rule.spec.modes?.first ?? .extracted
        let plan = RulePlan(set.subset { $0.id == rule.id }, mode: m)
        var evaluator = Evaluator(document: document, plan: plan, analyzer: analyzer, folder: folder, collectEvidence: false)
        let misses = document.blocks.indices.map { evaluator.whyNot(rule, $0) }
        return Outcome(document: document, misses: misses)
    }

    /// One failed rule example, with what the engine did instead.
    public struct ExampleFailure: Sendable, CustomStringConvertible {
        public var rule: String
        public var file: String
        public var position: SourcePosition
        public var expectation: String
        public var variant: String
        public var detail: String
        public var description: String {
            "\(file):\(position.line):\(position.column): error: example of '\(rule)' \(expectation) (\(variant)): \(detail)"
        }
    }

    /// Runs a rule's examples as written, with CRLF line ends, and behind a multi-byte prefix.
    public func runExamples(of rule: Rule, in set: RuleSet) -> [ExampleFailure] {
        guard let examples = rule.spec.examples else { return [] }
        var failures: [ExampleFailure] = []
        let all = examples.remove.map { ($0, true) } + examples.keep.map { ($0, false) }
        for (index, (example, mustRemove)) in all.enumerated() {
            let position = index < rule.examplePositions.count ? rule.examplePositions[index] : rule.position
            let variants: [(String, String)] = [
                ("as written", example.text),
                ("CRLF line ends", example.text.replacingLineFeeds()),
                ("after a multi-byte prefix", "\u{3000}" + example.text),
            ]
            for (variant, text) in variants {
                let outcome = probe(rule, in: set, text: text)
                let fired = !outcome.firing.isEmpty
                if mustRemove && !fired {
                    let reasons = Set(outcome.misses.compactMap { $0 }).sorted().joined(separator: "; ")
                    failures.append(ExampleFailure(rule: rule.id, file: rule.file, position: position, expectation: "must be removed but the rule does not fire",
                                                   variant: variant, detail: reasons.isEmpty ? "no blocks" : reasons))
                    break
                }
                if !mustRemove && fired {
                    let lines = outcome.firing.map { outcome.document.blocks[$0].line + 1 }
                    failures.append(ExampleFailure(rule: rule.id, file: rule.file, position: position, expectation: "must be kept but the rule fires",
                                                   variant: variant, detail: "fires on line(s) \(lines.map(String.init).joined(separator: ", "))"))
                    break
                }
            }
        }
        return failures
    }
}

extension String {
    func replacingLineFeeds() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\n" { out += "\r\n" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
