import Foundation
import Testing

/// `--rules` and `--add-rules` name a file or a folder of rule files; a folder without any is an error
/// (exit 3), not a run with no rules.
struct RuleOptionTests {
    @Test func aFolderWithoutRuleFilesIsRefused() throws {
        let folder = try CLI.temporaryFolder("no-rules")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a rule file\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        for option in ["--rules", "--add-rules"] {
            let run = try CLI.run(["clean", option, folder.path, CLI.example.path])
            #expect(run.status == 3)
            #expect(run.stderr.contains("no rule files"))
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func aFolderWithARuleFileIsUsed() throws {
        let folder = try CLI.temporaryFolder("one-rule")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rule = """
            version: 1
            rules:
              - id: t.drop-shouting
                kind: other
                description: Lines that say SHOUT.
                action: drop
                when:
                  phrases: [shout]
                  match: whole
            """
        try Data(rule.utf8).write(to: folder.appendingPathComponent("t.yaml"))
        let input = Data("A calm sentence that stays in the text.\nSHOUT\n".utf8)
        let run = try CLI.run(["clean", "--rules", folder.path, "-"], stdin: input)
        #expect(run.status == 0)
        #expect(String(decoding: run.stdout, as: UTF8.self) == "A calm sentence that stays in the text.\n")
    }
}
