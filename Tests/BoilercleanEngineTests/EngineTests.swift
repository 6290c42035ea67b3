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
        let cleaner = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .page))
        let result = cleaner.clean("Tiny\nAlso tiny\n")
        #expect(result.emptied)
        #expect(result.output() == Array("Tiny\nAlso tiny\n".utf8))
        #expect(!result.warnings.isEmpty)
        let allowing = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .page, allowEmpty: true))
        #expect(allowing.clean("Tiny\nAlso tiny\n").output().isEmpty)
    }

    @Test func languageConditionHoldsOnlyOnPagesInTheListedLanguages() throws {
        let yaml = """
              - id: t.drop-short-turkish
                kind: other
                description: test
                action: drop
                when:
                  language: [tr]
                  words: {max: 1}
            """
        let set = try RuleSet.compile([RuleSource(path: "t.yaml", contents: "version: 1\nrules:\n" + yaml),
                                       RuleSource(path: "stopwords/tr.txt", contents: "ve\nbir\nbu\nda\n"),
                                       RuleSource(path: "stopwords/en.txt", contents: "the\nand\nof\na\n")]).get()
        let cleaner = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted))
        let turkish = cleaner.clean("Bu bir deneme ve bu da bir cümle.\nTamam\n")
        #expect(String(decoding: turkish.output(), as: UTF8.self) == "Bu bir deneme ve bu da bir cümle.\n")
        let english = cleaner.clean("The end of a test and the rest of it.\nOkay\n")
        #expect(String(decoding: english.output(), as: UTF8.self) == "The end of a test and the rest of it.\nOkay\n")
    }

    @Test func dropListTakesTheHeadlinesAfterAHeaderThatFollowsProse() throws {
        let yaml = """
              - id: t.related-header
                kind: related
                description: test
                action: drop-list
                when:
                  phrases: [related stories]
                  match: whole
            """
        let cleaner = try Cleaner(rules: try rules(yaml), options: CleaningOptions(mode: .extracted))
        let article = """
            The council approved the budget after a long debate on Tuesday evening, with a narrow majority.
            Members said the vote was close and that more talks were needed before the summer break began.
            The mayor thanked the opposition for its work on the details of the plan over many months.

            """
        // The headlines go; the run stops at the first sentence, which stays.
        let tail = "Related stories\nStriker joins the club on a three-year deal\nPensions to be paid before the holiday\nThe vote will be repeated next year, officials said.\n"
        #expect(String(decoding: cleaner.clean(article + tail).output(), as: UTF8.self)
                == article + "The vote will be repeated next year, officials said.\n")
        // A header with no prose before it heads the page: the lines after it are the article's title.
        let head = "Related stories\nCouncil approves the budget\n" + article
        #expect(String(decoding: cleaner.clean(head).output(), as: UTF8.self) == "Council approves the budget\n" + article)
    }

    /// In a page converted to Markdown a related box can sit between the article's sections: the run
    /// of headlines after its header stops at the article's next heading ("## …" without a link), while
    /// a headline written as a linked heading ("### [Title](url)") is still taken, and under a header
    /// that is a heading itself the headings are the list's items.
    @Test func dropListStopsAtAMarkdownHeadingWithoutALink() throws {
        let yaml = """
              - id: t.related-header
                kind: related
                description: test
                action: drop-list
                when:
                  phrases: [related stories]
                  match: whole
            """
        let cleaner = try Cleaner(rules: try rules(yaml), options: CleaningOptions(mode: .extracted))
        let article = """
            The council approved the budget after a long debate on Tuesday evening, with a narrow majority.
            Members said the vote was close and that more talks were needed before the summer break began.
            The mayor thanked the opposition for its work on the details of the plan over many months.

            """
        let section = "## What the budget pays for\nSchools and roads take most of the money, the treasurer said.\n"
        let out = cleaner.clean(article + "Related stories\nStriker joins the club on a three-year deal\n" + section).output()
        #expect(String(decoding: out, as: UTF8.self) == article + section)
        let linked = cleaner.clean(article + "Related stories\n### [Striker joins the club](https://example.com/a)\n" + section).output()
        #expect(String(decoding: linked, as: UTF8.self) == article + section)
        let headed = cleaner.clean(article + "## Related stories\n### Striker joins the club\n### Pensions paid early\n").output()
        #expect(String(decoding: headed, as: UTF8.self) == article)
    }

    @Test func extractedTextIsNotGutted() throws {
        let cleaner = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .extracted))
        let result = cleaner.clean("Tiny\nAlso tiny\nShort body.\n")
        let allKept = result.verdicts.allSatisfy { $0.keep }
        #expect(allKept)
        #expect(result.warnings.contains { $0.contains("more than half") })
    }

    /// The guard counts the text's prose: a drop rule that takes more than half of a short text's length
    /// but none of its sentences (a long list of short widget lines under one paragraph) stands; one that
    /// would take most of its sentences is overruled.
    @Test func extractedGuardCountsProse() throws {
        let cleaner = try Cleaner(rules: try rules(dropShort), options: CleaningOptions(mode: .extracted))
        let paragraph = "The council approved the budget after a long debate on Tuesday evening.\n"
        let widget = String(repeating: "Next video\nMore videos\nOther clips\n", count: 8)
        let standing = cleaner.clean(paragraph + widget)
        #expect(String(decoding: standing.output(), as: UTF8.self) == paragraph)
        #expect(!standing.warnings.contains { $0.contains("more than half") })

        let sentences = try Cleaner(rules: try rules("""
              - id: t.drop-council
                kind: other
                description: test
                action: drop
                when:
                  phrases: [the council]
                  match: prefix
            """), options: CleaningOptions(mode: .extracted))
        let text = paragraph + "The council met again on Wednesday to settle the remaining questions.\nShort note.\n"
        let overruled = sentences.clean(text)
        #expect(overruled.verdicts.allSatisfy { $0.keep })
        #expect(overruled.warnings.contains { $0.contains("more than half") })
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

    @Test func pageModeShortBlocksFollowTheirNeighbours() throws {
        let set = try rules("""
              - id: t.good
                kind: body
                description: test
                action: good
                when:
                  words: {min: 6}
              - id: t.short
                kind: other
                description: test
                action: short
                when:
                  words: {max: 5}
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page))
            .clean("Menu\none two three four five six.\nA heading\nseven eight nine ten eleven twelve.\nfooter bit")
        // Between two good blocks a short block is good (a heading); at the edges short blocks go.
        #expect(result.verdicts.map(\.keep) == [false, true, true, true, false])
    }

    @Test func pageModeKeepsSentencesAboveTheRegionButNotBelowIt() throws {
        let set = try rules("""
              - id: t.good
                kind: body
                description: test
                action: good
                when:
                  words: {min: 6}
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  words: {max: 5}
            """)
        let lines = [
            "Menu item",
            "The opening paragraph of the story ends here.",      // prose above the region, a sentence
            "an opening line without a sentence mark at all",      // prose above, but no sentence end
            "Advert", "Caption", "Sponsored", "More", "Links", "Share", "Follow", "Tags",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen.",
            "fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three.",
            "twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty thirty-one.",
            "Footer", "Links", "Share", "Follow", "Tags", "Contact", "About", "Imprint", "Jobs",
            "A reader's comment below the article ends a sentence too.",
        ]
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page)).clean(lines.joined(separator: "\n"))
        let kept = result.verdicts.indices.filter { result.verdicts[$0].keep }
        // The region is the three long sentences; the sentence above it stays, the unpunctuated line above
        // it and the sentence below it go.
        #expect(kept == [1, 11, 12, 13])
    }

    @Test func pageModeDoesNotLetATeaserListOutweighTheArticle() throws {
        let set = try rules("""
              - id: t.good
                kind: body
                description: test
                action: good
                when:
                  words: {min: 6}
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  words: {max: 5}
            """)
        let article = [
            "The first paragraph of the article tells what happened in the town on Monday.",
            "The second paragraph quotes the mayor, who said the bridge would reopen soon.",
            "The third paragraph gives the cost of the repairs and who will pay for them.",
        ]
        let teasers = (1...10).map { "* Headline of another story number \($0) and its standfirst" }
        let page = ["Menu"] + article + ["Share", "Follow", "Comments"] + teasers
        let cleaner = try Cleaner(rules: set, options: CleaningOptions(mode: .page))
        let result = cleaner.clean(page.joined(separator: "\n"))
        let kept = result.verdicts.indices.filter { result.verdicts[$0].keep }
        // The list items weigh nothing in the search for the main region, so it stays on the article and
        // the ten teasers below the share bar go, though together they hold more text than the article.
        #expect(kept == [1, 2, 3])
        // A list inside the article is kept with the region around it.
        let items = ["* the first point of the list has six words", "* the second point of the list too"]
        let inside = Array(article.prefix(2)) + items + Array(article.suffix(1))
        let insideResult = cleaner.clean(inside.joined(separator: "\n"))
        #expect(insideResult.verdicts.allSatisfy { $0.keep })
        // So is a list right below it (an article's key points), up to the first line that is no item.
        let edge = article + items + ["Share", "* Headline of another story and its standfirst text"]
        let edgeResult = cleaner.clean(edge.joined(separator: "\n"))
        #expect(edgeResult.verdicts.indices.filter { edgeResult.verdicts[$0].keep } == [0, 1, 2, 3, 4])
    }

    @Test func trimStopsAtTheFirstBlockThatDoesNotMatch() throws {
        let set = try rules("""
              - id: t.trim
                kind: other
                description: test
                scope: tail
                blocks: 3
                action: trim
                when:
                  terminal-punctuation: false
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .extracted))
            .clean("Body line one is long.\nNo stop here\nThe last sentence.\nshare\nlike")
        #expect(result.verdicts.map(\.keep) == [true, true, true, false, false])
    }

    @Test func pageModeRegionGrowsAcrossPostHeadersOfAThread() throws {
        let set = try rules("""
              - id: t.good
                kind: body
                description: test
                action: good
                when:
                  words: {min: 8}
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  length: {min: 1}
            """)
        let cleaner = try Cleaner(rules: set, options: CleaningOptions(mode: .page))
        func posts(header: (Int) -> String) -> String {
            var lines = ["Forum home and latest topics"]
            for i in 1...4 {
                lines += [header(i), "Posted by member \(i) on Monday",
                          "This is post \(i), which says what its author thinks of the matter."]
            }
            return (lines + ["Terms of use and privacy"]).joined(separator: "\n")
        }
        let postLines = Set([3, 6, 9, 12])
        func keptPosts(_ result: CleaningResult) -> Int { postLines.filter { result.verdicts[$0].keep }.count }
        // Each post's header repeats the same reply line: the kept region spans all four posts, and the
        // headers themselves stay out.
        let thread = cleaner.clean(posts { _ in "Reply with quote to this post" })
        #expect(keptPosts(thread) == 4)
        #expect(![1, 4, 7, 10].contains { thread.verdicts[$0].keep })
        // The same shape with headers that never repeat is not a thread: one post is the main region.
        let unrelated = cleaner.clean(posts { "Section \($0) of the site directory listing" })
        #expect(keptPosts(unrelated) == 1)
    }

    @Test func pageModeKeepsTheTextBetweenAThreadsRepeatedButtons() throws {
        let set = try rules("""
              - id: t.repeated
                kind: navigation
                description: test
                action: bad
                when:
                  repeated: true
              - id: t.good
                kind: body
                description: test
                action: good
                when:
                  words: {min: 8}
              - id: t.short
                kind: other
                description: test
                action: short
                when:
                  words: {max: 4}
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  length: {min: 1}
            """)
        var lines = ["Board index and all forums here"]
        for i in 1...6 {
            lines += ["Quote", "member\(i)", "Posted on day \(i)", "This is post \(i), which says what its author thinks of the matter.",
                      "Signature of member \(i)"]
        }
        lines += ["Quote", "Powered by a forum package today"]
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page)).clean(lines.joined(separator: "\n"))
        let kept = result.verdicts.indices.filter { result.verdicts[$0].keep }.map { lines[$0] }
        // Every post with its author, date and signature lines is kept; the repeated button and the page
        // furniture are not.
        #expect(kept == lines.filter { $0 != "Quote" && !$0.contains("forum") })
    }
}
