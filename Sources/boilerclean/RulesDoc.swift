import ArgumentParser
import BoilercleanEngine
import BoilercleanRules

struct RulesDoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules-doc",
        abstract: "Print the Markdown list of the rules (Rules/README.md is generated with this).",
        discussion: "Regenerate the built-in rules' documentation with: \(RuleDocumentation.command)"
    )

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let set: RuleSet
        do { set = try rules.ruleSet() } catch { fail(error) }
        writeOut(RuleDocumentation.markdown(set.files))
    }
}
