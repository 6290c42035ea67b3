import Testing
@testable import BoilercleanEngine
import BoilercleanRules

struct EngineTests {
    func rules(_ yaml: String) throws -> RuleSet {
        try RuleSet.compile([RuleSource(path: "t.yaml", contents: "version: 1\nrules:\n" + yaml)]).get()
    }

    let dropShort = """
          - id: t.drop-short
            kind: other
            description: test
            action: drop
            when:
              words: {max: 2}
        """

    @Test func blankLinesBetweenKeptBlocksSurviveAndTrailingOnesGo() throws {
        let cleaner = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .extracted))
        let out = cleaner.clean("First long enough line here.\n\nTiny\n\nSecond long enough line here.\n\nEnd\n").output()
        #expect(String(decoding: out, as: UTF8.self) == "First long enough line here.\n\nSecond long enough line here.\n")
    }

    @Test func neverSilentlyEmpties() throws {
        let cleaner = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .extracted))
        let result = cleaner.clean("Tiny\nAlso tiny\n")
        #expect(result.emptied)
        #expect(result.output() == Array("Tiny\nAlso tiny\n".utf8))
        #expect(!result.warnings.isEmpty)
        let allowing = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .extracted, allowEmpty: true))
        #expect(allowing.clean("Tiny\nAlso tiny\n").output().isEmpty)
    }

    @Test func keepProtectsAgainstDrop() throws {
        let set = try rules(dropShort + """

              - id: t.keep-title
                kind: body
                description: test
                action: keep
                when:
                  phrases: [title]
                  match: whole
            """)
        let out = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted)).clean("Title\nA line that is long enough.\nFooter").output()
        #expect(String(decoding: out, as: UTF8.self) == "Title\nA line that is long enough.\n")
    }

    @Test func dropToEndCutsTheTail() throws {
        let set = try rules("""
              - id: t.cut
                kind: disclaimer
                description: test
                scope: tail
                within: 0.5
                action: drop-to-end
                when:
                  phrases: [disclaimer]
            """)
        let text = "Body sentence one is here.\nBody sentence two is here.\nBody sentence three is here.\nDisclaimer: none.\nMore junk\n"
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted)).clean(text)
        #expect(result.verdicts.map(\.keep) == [true, true, true, false, false])
        #expect(result.verdicts[4].decision == .cut)
    }

    @Test func phraseMatchingRespectsWordBoundaries() throws {
        let set = try rules("""
              - id: t.share
                kind: share
                description: test
                action: drop
                when:
                  phrases: [share]
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted)).clean("Shareholders met today.\nShare it now.\nＳＨＡＲＥ!")
        #expect(result.verdicts.map(\.keep) == [true, false, false])
    }

    @Test func leaningBlocksFollowStrongNeighbours() throws {
        let set = try rules("""
              - id: t.lean
                kind: other
                description: test
                action: lean-drop
                when:
                  words: {max: 3}
              - id: t.good
                kind: body
                description: test
                action: keep
                when:
                  words: {min: 6}
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page))
            .clean("one two three four five six.\nshort one\nseven eight nine ten eleven twelve.\nlast bit")
        #expect(result.verdicts.map(\.keep) == [true, true, true, false])
    }
}
