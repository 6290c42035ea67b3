import Foundation
import Testing
import BoilercleanEngine
@testable import BoilercleanRules

/// The deliberately broken rule files under Tests/Fixtures/BrokenRules: every line marked `# !` holds
/// one problem and gets exactly one diagnostic, and the full output of `validate` is pinned by a golden
/// file per rule file. Record the goldens with `BOILERCLEAN_RECORD_GOLDENS=1 swift test`.
struct ValidationGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/BrokenRules").path
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// All fixture files validated together (ids are checked across files), named relative to Tests/Fixtures.
    static let report: ValidationReport = {
        let sources = names.map { name in
            RuleSource(path: "BrokenRules/\(name)", contents: (try? String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)) ?? "")
        }
        return RuleValidation.validate(sources)
    }()

    @Test func thereAreFixtures() {
        #expect(Self.names.count >= 5)
    }

    @Test("one diagnostic per marked problem", arguments: ValidationGoldenTests.names)
    func oneDiagnosticPerProblem(name: String) throws {
        let text = try String(contentsOfFile: Self.fixtures + "/" + name, encoding: .utf8)
        let marked = Set(text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.hasSuffix("# !") }.map { $0.offset + 1 })
        #expect(marked.count >= 2 || name == "syntax.yaml", "\(name) should hold several problems")
        let found = Self.report.diagnostics.filter { $0.file == "BrokenRules/\(name)" }
        var perLine: [Int: Int] = [:]
        for d in found { perLine[d.line, default: 0] += 1 }
        for line in marked.sorted() {
            #expect(perLine[line] == 1, "\(name):\(line): expected one diagnostic, got \(perLine[line] ?? 0)")
        }
        for d in found where !marked.contains(d.line) {
            Issue.record("unexpected diagnostic on an unmarked line: \(d)")
        }
    }

    @Test("golden output", arguments: ValidationGoldenTests.names)
    func golden(name: String) throws {
        let output = Self.report.diagnostics.filter { $0.file == "BrokenRules/\(name)" }.map { $0.description + "\n" }.joined()
        let path = Self.fixtures + "/" + name.dropLast(5) + ".golden"
        if ProcessInfo.processInfo.environment["BOILERCLEAN_RECORD_GOLDENS"] != nil {
            try output.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(output == expected, "\(name): output differs from \(path); re-record with BOILERCLEAN_RECORD_GOLDENS=1 if the change is intended")
    }

    @Test func severitiesAndExamplesAreCounted() {
        #expect(Self.report.errors > 20)
        // The catastrophic pattern's time limit is a warning, not an error.
        #expect(Self.report.diagnostics.contains { $0.severity == .warning && $0.message.contains("ICU time limit") && $0.line == 23 })
    }
}

/// `validate` on the built-in rules runs every example; breaking one names that file and line.
struct ValidateBuiltInRulesTests {
    @Test func builtInRulesHaveNoLoadingErrors() {
        let report = RuleValidation.validate(Cleaner.defaultRuleSources())
        #expect(report.examples >= report.rules)
        let loading = report.diagnostics.filter { $0.severity == .error && !$0.message.hasPrefix("example of") }
        #expect(loading.isEmpty, "\(loading)")
    }

    @Test func aBrokenExampleNamesItsFileAndLine() throws {
        let sources = Cleaner.defaultRuleSources()
        let index = try #require(sources.firstIndex { $0.path == "Rules/residue/disclaimer.yaml" })
        let original = "- \"The disclaimer was added to the contract after the lawsuit.\""
        let lines = sources[index].contents.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasSuffix(original) }) + 1
        var broken = sources
        // A keep example the rule removes: the rule fires on it.
        broken[index].contents = sources[index].contents.replacingOccurrences(of: original, with: "- \"Disclaimer\"")
        let before = RuleValidation.validate(sources).diagnostics
        let new = RuleValidation.validate(broken).diagnostics.filter { !before.contains($0) }
        #expect(new.count == 1, "\(new)")
        #expect(new.first?.file == "Rules/residue/disclaimer.yaml" && new.first?.line == line)
        #expect(new.first?.message.contains("must be kept but the rule fires") == true)
        #expect(new.first?.description.hasPrefix("Rules/residue/disclaimer.yaml:\(line):") == true)
    }
}

/// The README's worked example (a Swahili trailing disclaimer) validates cleanly and does its job.
struct WorkedExampleTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/rules/sw-trailing-disclaimer.yaml").path

    @Test func validatesAndCleans() throws {
        let source = RuleSource(path: "sw-trailing-disclaimer.yaml", contents: try String(contentsOfFile: Self.path, encoding: .utf8))
        let report = RuleValidation.validate([source])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.examples == 3)
        let set = try RuleSet.compile(Cleaner.defaultRuleSources() + [source]).get()
        let text = "Benki kuu ilitangaza kwamba riba itabaki bila mabadiliko kwa miezi mitatu ijayo.\nSoko la hisa lilifunga kwa kupanda kidogo, likiongozwa na makampuni ya simu na benki.\nKanusho: Makala hii ni kwa madhumuni ya taarifa tu na si ushauri wa uwekezaji.\n"
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted)).clean(text)
        #expect(String(decoding: result.output(), as: UTF8.self).hasSuffix("benki.\n"))
    }
}
