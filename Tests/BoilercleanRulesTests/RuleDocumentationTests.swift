import Foundation
import Testing
import BoilercleanEngine
@testable import BoilercleanRules

/// Rules/README.md is generated from the rule files; it must list every built-in rule and be current.
struct RuleDocumentationTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules/README.md").path

    static func generated() throws -> String {
        let (set, _) = RuleCompiler.compile(Cleaner.defaultRuleSources())
        let files = try #require(set?.files)
        return RuleDocumentation.markdown(files)
    }

    @Test func listsEveryRuleWithItsFacts() throws {
        let text = try Self.generated()
        let set = try Cleaner.defaultRules()
        for rule in set.rules {
            #expect(text.contains("### `\(rule.id)`"), "\(rule.id) missing")
        }
        #expect(text.contains("- kind: disclaimer"))
        #expect(text.contains("- languages: zh-Hant, zh-Hans"))
        #expect(text.contains("免責聲明:投資有風險"))
    }

    @Test func readmeIsCurrent() throws {
        let text = try Self.generated()
        if ProcessInfo.processInfo.environment["BOILERCLEAN_RECORD_GOLDENS"] != nil {
            try text.write(toFile: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(committed == text, "Rules/README.md is stale: regenerate it with `\(RuleDocumentation.command)`")
    }
}
