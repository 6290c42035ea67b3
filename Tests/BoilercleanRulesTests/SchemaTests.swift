import Foundation
import Testing
import Yams
import BoilercleanEngine
import BoilercleanText
@testable import BoilercleanRules

/// `Rules/schema.json` describes what the loader accepts: the same keys and enum values as the Swift
/// model, the same required keys, and the same verdict on valid and invalid snippets. A key added to
/// the model but not to the schema (or the reverse) fails here.
struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let schema = try! JSONSchemaValidator(schemaFile: repository + "/Rules/schema.json")

    func definition(_ name: String) -> JSONValue { Self.schema.resolve("#/definitions/\(name)") }
    func properties(_ schema: JSONValue) -> [String] { (schema["properties"]?.keys ?? []).sorted() }
    func enumValues(_ schema: JSONValue) -> [String] {
        let target = schema["items"] ?? schema
        return (target["enum"]?.array ?? []).compactMap(\.string).sorted()
    }

    @Test func keysMatchTheModel() {
        #expect(properties(Self.schema.root) == RuleFileSpec.CodingKeys.allCases.map(\.rawValue).sorted())
        #expect(properties(definition("rule")) == RuleSpec.CodingKeys.allCases.map(\.rawValue).sorted())
        #expect(properties(definition("condition")) == ConditionSpec.CodingKeys.allCases.map(\.rawValue).sorted())
        #expect(properties(definition("examples")) == ExamplesSpec.CodingKeys.allCases.map(\.rawValue).sorted())
        let bounds = Mirror(reflecting: CountBounds(min: 1, max: 2)).children.compactMap(\.label).sorted()
        #expect(properties(definition("countBounds")) == bounds)
        #expect(properties(definition("shareBounds")) == Mirror(reflecting: ShareBounds(min: 0, max: 1)).children.compactMap(\.label).sorted())
    }

    @Test func enumValuesMatchTheModel() {
        let rule = definition("rule")["properties"]!
        let condition = definition("condition")["properties"]!
        #expect(enumValues(rule["kind"]!) == RuleKind.allCases.map(\.rawValue).sorted())
        #expect(enumValues(rule["action"]!) == RuleAction.allCases.map(\.rawValue).sorted())
        #expect(enumValues(rule["scope"]!) == RuleRegion.allCases.map(\.rawValue).sorted())
        #expect(enumValues(rule["modes"]!) == CleaningMode.allCases.map(\.rawValue).sorted())
        #expect(enumValues(condition["match"]!) == PhraseMatch.allCases.map(\.rawValue).sorted())
        #expect(enumValues(condition["shape"]!) == RuleLoader.allowedValues(forKey: "shape")!.sorted())
        #expect(Self.schema.root["properties"]?["version"]?["enum"] == .array(RuleFileSpec.supportedVersions.map { .integer($0) }))
    }

    @Test func builtInRulesConform() throws {
        let files = Cleaner.defaultRuleSources().filter { $0.path.hasSuffix(".yaml") }
        #expect(files.count >= 5)
        for file in files {
            let node = try #require(try Yams.compose(yaml: file.contents))
            let problems = Self.schema.validate(JSONValue(yaml: node))
            #expect(problems.isEmpty, "\(file.path): \(problems)")
        }
    }

    // MARK: Loader and schema agree

    static let validRule = """
        version: 1
        rules:
          - id: en.test
            kind: share
            description: A test rule.
            action: drop
            when:
              phrases: [share this]
            examples:
              remove: ["Share this"]
              keep: ["We share this view."]
        """

    /// Loader errors that the schema can express (not pattern compilation, script names, examples).
    func loaderAccepts(_ yaml: String) -> Bool {
        let (_, diagnostics) = RuleCompiler.compile([RuleSource(path: "t.yaml", contents: yaml)])
        return !diagnostics.contains { $0.severity == .error }
    }

    func schemaAccepts(_ yaml: String) throws -> Bool {
        let node = try #require(try Yams.compose(yaml: yaml))
        return Self.schema.validate(JSONValue(yaml: node)).isEmpty
    }

    /// (snippet replacing `phrases: [share this]` or a rule line, expected verdict)
    static let snippets: [(String, String, Bool)] = [
        ("phrases: [share this]", "phrases: [share this]", true),
        ("phrases: [share this]", "phrases: [share this]\n      words: {min: 1, max: 9}\n      letters: {max: 0.9}", true),
        ("phrases: [share this]", "phrases: [share this]\n      shape: [number]\n      repeated: false", true),
        ("action: drop", "action: drop\n    modes: [page]\n    scope: tail\n    within: 0.5\n    blocks: 2", true),
        ("phrases: [share this]", "phrases: [share this]\n      mtach: whole", false),
        ("phrases: [share this]", "phrases: share this", false),
        ("phrases: [share this]", "phrases: []", false),
        ("phrases: [share this]", "phrases: [share this]\n      match: exactly", false),
        ("phrases: [share this]", "phrases: [share this]\n      words: {min: many}", false),
        ("phrases: [share this]", "phrases: [share this]\n      words: {}", false),
        ("phrases: [share this]", "phrases: [share this]\n      words: {min: -1}", false),
        ("phrases: [share this]", "phrases: [share this]\n      words: {min: 1.5}", false),
        ("phrases: [share this]", "phrases: [share this]\n      digits: {max: 2}", false),
        ("phrases: [share this]", "phrases: [share this]\n      repeated: sometimes", false),
        ("phrases: [share this]", "phrases: [share this]\n      shape: [circle]", false),
        ("phrases: [share this]", "phrases: [share this]\n      pattern: {a: 1}", false),
        ("kind: share", "kind: shares", false),
        ("    kind: share\n", "", false),
        ("id: en.test", "id: En Test", false),
        ("action: drop", "action: remove", false),
        ("action: drop", "action: drop\n    scope: middle", false),
        ("action: drop", "action: drop\n    within: 1.5", false),
        ("action: drop", "action: drop\n    blocks: 0", false),
        ("action: drop", "action: drop\n    modes: [pages]", false),
        ("action: drop", "action: drop\n    unless: {}", false),
        ("version: 1", "version: 2", false),
        ("version: 1", "version: one", false),
        ("version: 1", "version: 1\nauthor: me", false),
        ("remove: [\"Share this\"]", "remove: [{document: \"Share this\"}]", true),
        ("remove: [\"Share this\"]", "remove: [{doc: \"Share this\"}]", false),
        ("remove: [\"Share this\"]", "remove: \"Share this\"", false),
    ]

    @Test("loader and schema agree", arguments: SchemaTests.snippets.indices)
    func agreement(index: Int) throws {
        let (target, replacement, expected) = Self.snippets[index]
        #expect(Self.validRule.contains(target))
        let yaml = Self.validRule.replacingOccurrences(of: target, with: replacement)
        #expect(loaderAccepts(yaml) == expected, "loader on:\n\(yaml)")
        #expect(try schemaAccepts(yaml) == expected, "schema on:\n\(yaml)")
    }

    /// Every key the schema calls required is one the loader refuses to go without, and no other.
    @Test func requiredKeysAgree() throws {
        let required = (definition("rule")["required"]?.array ?? []).compactMap(\.string)
        for key in RuleSpec.CodingKeys.allCases.map(\.rawValue) {
            // "-" on a line of its own, so that every key of the rule has a line to itself.
            let base = Self.validRule.replacingOccurrences(of: "  - id:", with: "  -\n    id:")
            let lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // Drop the key's line and, for mappings, the lines indented under it.
            var kept: [String] = []
            var skipping = false
            for line in lines {
                if line.hasPrefix("    \(key):") { skipping = true; continue }
                if skipping && line.hasPrefix("      ") { continue }
                skipping = false
                kept.append(line)
            }
            let yaml = kept.joined(separator: "\n")
            let loaderMissing = RuleLoader.load(path: "t.yaml", source: yaml).diagnostics.contains { $0.message == "missing required key '\(key)'" }
            #expect(loaderMissing == required.contains(key), "\(key)")
            #expect(try schemaAccepts(yaml) == !required.contains(key), "\(key)")
        }
    }
}
