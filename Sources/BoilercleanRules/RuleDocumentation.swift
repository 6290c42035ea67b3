/// `Rules/README.md`: the built-in rules listed from the rule files themselves (as SwiftLint's docs
/// come from its rules' examples), so the list cannot drift from the rules.
public enum RuleDocumentation {
    public static let command = "swift run boilerclean rules-doc > Rules/README.md"

    /// Markdown for the rules of the given files, in file order.
    public static func markdown(_ files: [LoadedRuleFile]) -> String {
        let ruleCount = files.reduce(0) { $0 + $1.spec.rules.count }
        var out = """
            <!-- Generated from the rule files by `boilerclean rules-doc`; do not edit. Regenerate with: \(command) -->
            # Built-in rules

            \(ruleCount) rules in \(files.count) files. Each rule's examples run as tests (`boilerclean validate`); \
            how to write a rule is in [the top-level README](../README.md#writing-a-rule), the file format in \
            [`schema.json`](schema.json).

            """
        for file in files {
            let name = file.path.hasPrefix("Rules/") ? String(file.path.dropFirst(6)) : file.path
            out += "\n## [\(name)](\(name))\n"
            for rule in file.spec.rules {
                out += "\n### `\(rule.id)`\n\n"
                out += oneLine(rule.description) + "\n\n"
                var facts = ["kind: \(rule.kind.rawValue)", "action: \(rule.action.rawValue)"]
                if let scope = rule.scope { facts.append("scope: \(scope.rawValue)" + (rule.within.map { " (within \(format($0)))" } ?? "")) }
                facts.append("languages: " + (rule.languages.map { $0.isEmpty ? "any" : $0.joined(separator: ", ") } ?? "any"))
                if let modes = rule.modes { facts.append("modes: " + modes.map(\.rawValue).joined(separator: ", ")) }
                out += facts.map { "- \($0)" }.joined(separator: "\n") + "\n"
                if let examples = rule.examples, let (example, removed) = examples.remove.first.map({ ($0, true) }) ?? examples.keep.first.map({ ($0, false) }) {
                    out += "\n" + (removed ? "Removes" : "Keeps") + (example.isDocument ? " (in this document)" : "") + ":\n\n"
                    out += fence(example.text)
                }
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingSpaces() }.joined(separator: " ")
    }

    static func fence(_ text: String) -> String {
        var body = text
        while body.hasSuffix("\n") { body.removeLast() }
        var ticks = "```"
        while body.contains(ticks) { ticks += "`" }
        return "\(ticks)text\n\(body)\n\(ticks)\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : "\(value)"
    }
}
