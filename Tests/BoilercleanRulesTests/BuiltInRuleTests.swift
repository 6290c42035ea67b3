import Testing
import BoilercleanEngine
@testable import BoilercleanRules

/// The built-in rules load cleanly and every rule passes its own examples (also with CRLF line ends and
/// behind a multi-byte prefix).
struct BuiltInRuleTests {
    static let ruleSet = try! Cleaner.defaultRules()

    /// Compiles every pattern eagerly with the empty-match checks: cleaning (`Cleaner.defaultRules()`)
    /// defers the built-in patterns to their first use and relies on this test for both.
    @Test func builtInRulesLoadWithoutErrors() {
        let (_, diagnostics) = RuleCompiler.compile(Cleaner.defaultRuleSources())
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(Self.ruleSet.rules.count >= 5)
    }

    /// Every built-in file is read by the verified path's own reader, to the specs the Codable path
    /// decodes with every check.
    @Test func verifiedReaderReadsEveryBuiltInFileAsTheCheckedPath() throws {
        let files = Cleaner.defaultRuleSources().filter { $0.path.hasSuffix(".yaml") }
        #expect(files.count > 10)
        for source in files {
            let checked = try #require(RuleLoader.load(path: source.path, source: source.contents).file, "\(source.path)")
            let fast = RuleLoader.verifiedSpec(source: source.contents)
            #expect(fast == checked.spec, "\(source.path)")
        }
    }

    /// A verified file skips the unknown-key check (the built-in rules, checked by the test above); a
    /// user's file never does.
    @Test func onlyVerifiedFilesSkipTheUnknownKeyCheck() {
        let yaml = """
            version: 1
            rules:
              - id: t.share
                kind: share
                description: d
                action: drop
                when:
                  phrases: [follow us]
                  colour: red
                examples:
                  remove: ["Follow us"]
            """
        let (_, user) = RuleCompiler.compile([RuleSource(path: "t.yaml", contents: yaml)])
        #expect(user.contains { $0.severity == .error && $0.message.contains("colour") }, "\(user)")
        let (set, verified) = RuleCompiler.compile([RuleSource(path: "t.yaml", contents: yaml, verified: true)])
        #expect(!verified.contains { $0.severity == .error }, "\(verified)")
        #expect(set?.rules.count == 1)
    }

    /// The built-in rules loaded as verified (patterns deferred, no unknown-key checks) decode to the same
    /// specs and give the same verdicts as loaded with every check.
    @Test func deferredPatternsCleanAsEagerOnes() throws {
        let eager = try RuleSet.compile(Cleaner.defaultRuleSources()).get()
        let deferred = try RuleSet.compile(Cleaner.defaultRuleSources(verified: true)).get()
        #expect(eager.rules.map(\.spec) == deferred.rules.map(\.spec))
        #expect(eager.rules.count == deferred.rules.count)
        let text = """
            Share on Facebook
            The council approved the budget after a long debate on Tuesday evening, with a narrow majority.
            Members said the vote was close and that more talks were needed before the summer break.
            Copyright © 2025 Example News. All rights reserved.
            免責聲明:投資有風險,本文並非投資建議。
            """
        for mode in CleaningOptions.Mode.allCases {
            let a = try Cleaner(rules: eager, options: CleaningOptions(mode: mode)).clean(text)
            let b = try Cleaner(rules: deferred, options: CleaningOptions(mode: mode)).clean(text)
            #expect(a.verdicts.map(\.keep) == b.verdicts.map(\.keep), "\(mode)")
            #expect(a.verdicts.map(\.rules) == b.verdicts.map(\.rules), "\(mode)")
            #expect(a.verdicts.contains { !$0.keep }, "\(mode): the text has residue the rules remove")
        }
    }

    @Test("rule examples", arguments: BuiltInRuleTests.ruleSet.rules.map(\.id))
    func examples(id: String) throws {
        // Regular expressions are not thread-safe and the cases run in parallel: use a clone.
        let set = Self.ruleSet.clone()
        let rule = try #require(set.rules.first { $0.id == id })
        let probe = try RuleProbe(stopwords: Self.ruleSet.stopwords)
        #expect(rule.spec.examples != nil, "\(id) has no examples")
        for failure in probe.runExamples(of: rule, in: set) {
            Issue.record("\(failure)")
        }
    }

    @Test func aBrokenExampleIsReportedAtItsLine() throws {
        let yaml = """
            version: 1
            rules:
              - id: en.test
                kind: share
                description: A test rule.
                action: drop
                when:
                  phrases: [share this]
                  match: whole
                examples:
                  remove:
                    - "Share this"
                    - "Tweet this"
                  keep: ["We share this view."]
            """
        let set = try RuleSet.compile([RuleSource(path: "t.yaml", contents: yaml)]).get()
        let failures = try RuleProbe().runExamples(of: set.rules[0], in: set)
        #expect(failures.count == 1)
        #expect(failures.first?.position.line == 13)
        #expect(failures.first?.description.hasPrefix("t.yaml:13:") == true)
    }
}
