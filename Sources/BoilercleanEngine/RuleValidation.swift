import BoilercleanRules
import BoilercleanText

/// Everything `boilerclean validate` finds in a set of rule files: loading and compiling problems,
/// failing rule examples, and patterns that hit the ICU time limit on their own examples.
public struct ValidationReport: Sendable {
    /// Sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    public var files: Int
    public var rules: Int
    public var examples: Int

    public var errors: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
}

public enum RuleValidation {
    /// Validates rule sources. When they bring no stop-word lists, `stopwordSources` (by default the
    /// built-in lists) are used to run the examples, as `clean --add-rules` would.
    public static func validate(_ sources: [RuleSource], stopwordSources: [RuleSource] = Cleaner.defaultRuleSources().filter(isStopwordList)) -> ValidationReport {
        let own = sources.filter { !isStopwordList($0) }
        let lists = sources.contains(where: isStopwordList) ? sources.filter(isStopwordList) : stopwordSources
        let (set, compileDiagnostics) = RuleCompiler.compile(own + lists)
        var diagnostics = compileDiagnostics
        var examples = 0
        if let set, let probe = try? RuleProbe(stopwords: set.stopwords) {
            let lines = Dictionary(set.files.map { ($0.path, $0.lines) }, uniquingKeysWith: { a, _ in a })
            func sourceLine(_ file: String, _ line: Int) -> String? {
                guard let all = lines[file], line >= 1, line <= all.count else { return nil }
                return all[line - 1]
            }
            for rule in set.rules {
                examples += (rule.spec.examples?.remove.count ?? 0) + (rule.spec.examples?.keep.count ?? 0)
                for failure in probe.runExamples(of: rule, in: set) {
                    diagnostics.append(Diagnostic(file: failure.file, line: failure.position.line, column: failure.position.column,
                                                  message: "example of '\(failure.rule)' \(failure.expectation) (\(failure.variant)): \(failure.detail)",
                                                  sourceLine: sourceLine(failure.file, failure.position.line)))
                }
                for timeout in probe.patternTimeLimits(of: rule) {
                    diagnostics.append(Diagnostic(file: rule.file, line: timeout.position.line, column: timeout.position.column, severity: .warning,
                                                  message: "pattern of '\(rule.id)' (\(timeout.condition)) hit the ICU time limit on this example, where it counts as no match: avoid nested or overlapping repetition",
                                                  sourceLine: sourceLine(rule.file, timeout.position.line)))
                }
            }
        }
        let ruleFiles = own.filter { $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") }
        return ValidationReport(diagnostics: sorted(diagnostics), files: ruleFiles.count, rules: set?.rules.count ?? 0, examples: examples)
    }

    public static func isStopwordList(_ source: RuleSource) -> Bool {
        let parts = source.path.split(separator: "/")
        return parts.count >= 2 && parts[parts.count - 2] == "stopwords" && source.path.hasSuffix(".txt")
    }

    /// Stable order: file, line, column, then the order found.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.file, a.element.line, a.element.column, a.offset) < (b.element.file, b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}

extension RuleProbe {
    /// A rule pattern that ran out of time on one of the rule's own examples.
    public struct PatternTimeLimit: Sendable {
        /// The example's position in the rule file.
        public var position: SourcePosition
        /// `when` or `unless`.
        public var condition: String
    }

    /// The examples on which a rule's patterns hit the ICU time limit (a timed-out match counts as no
    /// match when cleaning, so the rule silently stops working on such text).
    public func patternTimeLimits(of rule: Rule) -> [PatternTimeLimit] {
        guard let examples = rule.spec.examples else { return [] }
        let patterns = [("when", rule.when.regex), ("unless", rule.unless?.regex)].compactMap { name, regex in regex.map { (name, $0) } }
        guard !patterns.isEmpty else { return [] }
        var found: [PatternTimeLimit] = []
        for (index, example) in (examples.remove + examples.keep).enumerated() {
            let position = index < rule.examplePositions.count ? rule.examplePositions[index] : rule.position
            let document = analyzer.analyze(Array(example.text.utf8))
            for (name, regex) in patterns {
                let timedOut = document.blocks.contains { block in
                    // By ICU alone: a pre-filter that rules the example out hides how long ICU takes.
                    document.withBytes(of: block) { regex.firstMatchByICU(in: $0) } == .timeLimit
                }
                if timedOut { found.append(PatternTimeLimit(position: position, condition: name)) }
            }
        }
        return found
    }
}
