import Testing
@testable import BoilercleanRules

/// Loading errors name the file, line and column of the problem.
struct RuleLoadingTests {
    func diagnostics(_ yaml: String) -> [Diagnostic] {
        RuleCompiler.compile([RuleSource(path: "test.yaml", contents: yaml)]).1
    }

    let valid = """
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
              remove: ["Share this"]
              keep: ["We share this view."]
        """

    @Test func validFileLoads() throws {
        let (set, d) = RuleCompiler.compile([RuleSource(path: "test.yaml", contents: valid)])
        #expect(d.isEmpty, "\(d)")
        #expect(set?.rules.map(\.id) == ["en.test"])
        #expect(set?.rules.first?.position == SourcePosition(line: 3, column: 5))
    }

    @Test func languageConditionNamesOnlyLanguagesWithAStopwordList() {
        let yaml = valid.replacingOccurrences(of: "      match: whole", with: "      match: whole\n      language: [tr, tk]")
        let d = RuleCompiler.compile([RuleSource(path: "test.yaml", contents: yaml),
                                      RuleSource(path: "stopwords/tr.txt", contents: "ve\nbir\n")]).1
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.line == 10 && d.first?.column == 22)   // at "tk"
        #expect(d.first?.message.contains("no stop-word list for language 'tk'") == true)
        #expect(d.first?.message.contains("did you mean 'tr'") == true)
    }

    @Test func diagnosticsQuoteTheirLineInACRLFFile() {
        let crlf = valid.replacingOccurrences(of: "kind: share", with: "kind: shares").replacingOccurrences(of: "\n", with: "\r\n")
        let d = diagnostics(crlf)
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.line == 4)
        #expect(d.first?.sourceLine == "    kind: shares")
    }

    @Test func unknownKeyWithSuggestion() {
        let d = diagnostics(valid.replacingOccurrences(of: "      match: whole", with: "      mtach: whole"))
        #expect(d.count == 1)
        #expect(d.first?.line == 9 && d.first?.column == 7)
        #expect(d.first?.message.contains("did you mean 'match'") == true)
        #expect(d.first?.description.contains("test.yaml:9:7: error:") == true)
        #expect(d.first?.description.hasSuffix("      mtach: whole\n      ^") == true)
    }

    @Test func wrongType() {
        let d = diagnostics(valid.replacingOccurrences(of: "      match: whole", with: "      words: lots"))
        #expect(d.count == 1)
        #expect(d.first?.line == 9)
        #expect(d.first?.message.contains("words") == true)
    }

    @Test func valueOutsideItsEnum() {
        let d = diagnostics(valid.replacingOccurrences(of: "kind: share", with: "kind: shares"))
        #expect(d.first?.line == 4 && d.first?.column == 11)
        #expect(d.first?.message == "'shares' is not a valid kind; did you mean 'share'?")
    }

    @Test func yamlSyntaxError() {
        let d = diagnostics(valid.replacingOccurrences(of: "[share this]", with: "[share this"))
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("YAML") == true)
        #expect((d.first?.line ?? 0) >= 8)
    }

    @Test func badPatternAndEmptyMatch() {
        let bad = valid.replacingOccurrences(of: "      match: whole", with: "      pattern: '(share'")
        let d1 = diagnostics(bad)
        #expect(d1.first?.line == 9 && d1.first?.column == 16)
        #expect(d1.first?.message.contains("does not compile") == true)
        let empty = diagnostics(valid.replacingOccurrences(of: "      match: whole", with: "      pattern: 'a*'"))
        #expect(empty.first?.message.contains("empty string") == true)
        let alternative = diagnostics(valid.replacingOccurrences(of: "      match: whole", with: "      pattern: '(share|)x'"))
        #expect(alternative.first?.message.contains("empty alternative") == true)
    }

    @Test func duplicateIdsAcrossFiles() {
        let (_, d) = RuleCompiler.compile([RuleSource(path: "a.yaml", contents: valid), RuleSource(path: "b.yaml", contents: valid)])
        #expect(d.count == 1)
        #expect(d.first?.file == "b.yaml" && d.first?.line == 3)
        #expect(d.first?.message.contains("first defined at a.yaml:3:9") == true)
    }

    @Test func impossibleBoundsAndUnknownScripts() {
        let text = valid.replacingOccurrences(of: "      match: whole", with: "      match: whole\n      words: {min: 5, max: 2}\n      script: [Latn, Cyrilic]")
        let d = diagnostics(text)
        #expect(d.contains { $0.line == 10 && $0.message.contains("min 5 is above max 2") })
        #expect(d.contains { $0.line == 11 && $0.message.contains("did you mean 'Cyrillic'") })
    }

    @Test func unknownVersion() {
        let d = diagnostics(valid.replacingOccurrences(of: "version: 1", with: "version: 7"))
        #expect(d.first?.line == 1 && d.first?.message.contains("version 7") == true)
    }

    @Test func emptyAndDuplicatePhrases() {
        let d = diagnostics(valid.replacingOccurrences(of: "[share this]", with: "[share this, \"  \", SHARE THIS]"))
        #expect(d.count == 2)
        #expect(d.contains { $0.message.contains("empty phrase") })
        #expect(d.contains { $0.message.contains("duplicate phrase 'SHARE THIS'") })
    }

    @Test func emptyConditionsAreRefused() {
        let d = diagnostics(valid.replacingOccurrences(of: "      phrases: [share this]\n      match: whole\n", with: "      {}\n"))
        #expect(d.contains { $0.message.contains("at least one condition") })
    }
}

/// The loader reports every structural problem of a file, not just the first.
struct RuleLoadingAllProblemsTests {
    @Test func everyProblemInEveryRule() {
        let yaml = """
            version: 1
            rules:
              - id: en.one
                kind: shares
                description: One.
                action: drop
                when:
                  phrases: [share]
                  mtach: whole
              - id: en.two
                kind: share
                description: Two.
                action: dorp
                when:
                  words: lots
            """
        let (file, d) = RuleLoader.load(path: "t.yaml", source: yaml)
        #expect(d.map(\.line) == [4, 9, 13, 15])
        #expect(file?.brokenRules == [0, 1])
        // Broken rules are never compiled.
        let (set, all) = RuleCompiler.compile([RuleSource(path: "t.yaml", contents: yaml)])
        #expect(set?.rules.isEmpty == true)
        #expect(all.count == 4, "\(all)")
    }

    @Test func aMisspeltRequiredKeyIsOneProblem() {
        let yaml = "version: 1\nrules:\n  - id: en.x\n    knd: share\n    description: X.\n    action: drop\n    when: {words: {max: 2}}\n"
        let d = RuleLoader.load(path: "t.yaml", source: yaml).diagnostics
        #expect(d.count == 1)
        #expect(d.first?.message == "unknown key 'knd'; did you mean 'kind'?")
    }

    @Test func aMissingRequiredKeyIsReportedAtItsRule() {
        let yaml = "version: 1\nrules:\n  - id: en.x\n    description: X.\n    action: drop\n    when: {words: {max: 2}}\n"
        let d = RuleLoader.load(path: "t.yaml", source: yaml).diagnostics
        #expect(d.count == 1)
        #expect(d.first?.line == 3 && d.first?.column == 5 && d.first?.message == "missing required key 'kind'")
    }
}
