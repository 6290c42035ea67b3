import Testing
@testable import BoilercleanEngine
import BoilercleanText
import BoilercleanRules

/// A document's Markdown structure (front matter, closed code fences) is kept whole, and makes `auto`
/// clean the text as extracted.
struct MarkdownStructureTests {
    static let frontMatter = ["---", "title: Renaming files in bulk", "date: 2025-03-02", "tags:", "- python", "- automation", "---"]
    static let code = ["```python", "from pathlib import Path", "", "folder = Path(\"photos\")",
                       "for i, f in enumerate(sorted(folder.iterdir())):", "    f.rename(folder / f\"img_{i:03d}{f.suffix}\")", "```"]
    static let post = frontMatter + [
        "Renaming hundreds of files by hand is slow and easy to get wrong, so a short script is worth writing.",
        "## The idea",
        "List the files of the folder, make each new name, and rename the file.",
    ] + code + [
        "## Before you run it",
        "Make a copy of the folder first, or print the old and new names and check them before renaming.",
        "Tags: python, scripts",
        "© 2025 Example Blog. All rights reserved.",
    ]

    func structure(_ lines: [String]) throws -> MarkdownStructure {
        let cleaner = try Cleaner(rules: try Cleaner.defaultRules())
        let document = cleaner.analyzer.analyze(Array((lines.joined(separator: "\n") + "\n").utf8), folder: cleaner.folder)
        return MarkdownStructure(document)
    }

    func kept(_ lines: [String], _ mode: CleaningOptions.Mode) throws -> (CleaningMode, [String]) {
        let result = try Cleaner(rules: try Cleaner.defaultRules(), options: CleaningOptions(mode: mode))
            .clean(lines.joined(separator: "\n") + "\n")
        let out = String(decoding: result.output(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (result.mode, out)
    }

    @Test func findsFrontMatterAndClosedFences() throws {
        let s = try structure(Self.post)
        #expect(s.frontMatter == 0...6)
        // Block indices (the blank line inside the fence is no block): the fence opens at block 10.
        #expect(s.fences == [10...15])
        #expect(s.contains(3) && s.contains(12) && !s.contains(7) && !s.contains(16))
    }

    @Test func whatIsNoStructure() throws {
        // A rule of dashes without a key line under it, an unclosed fence, a backtick "fence" with
        // backticks after it (inline code), a closing line with text after its backticks.
        #expect(try structure(["---", "Just a separator", "---", "Text."]).isEmpty)
        #expect(try structure(["Intro.", "```", "code", "no closing line"]).isEmpty)
        #expect(try structure(["``` not `a` fence", "code", "```"]).isEmpty)
        #expect(try structure(["Intro.", "```sh", "make", "``` and more", "Outro."]).isEmpty)
        // Tildes close tildes only, with at least as many.
        #expect(try structure(["~~~~", "x = 1", "~~~", "~~~~"]).fences == [0...3])
    }

    @Test func autoCleansAMarkdownPostAsExtractedAndKeepsItsStructure() throws {
        let (mode, out) = try kept(Self.post, .auto)
        #expect(mode == .extracted)
        for line in Self.frontMatter + Self.code { #expect(out.contains(line), "lost: \(line)") }
        #expect(!out.contains("© 2025 Example Blog. All rights reserved."))
        #expect(!out.contains("Tags: python, scripts"))
    }

    @Test func pageModeKeepsAFenceBesideKeptText() throws {
        // Page mode removes short lines without sentence punctuation; inside a fence next to the article
        // they are code and stay, and so does the front matter.
        let (_, out) = try kept(Self.post, .page)
        #expect(out.contains("Make a copy of the folder first, or print the old and new names and check them before renaming."))
        for line in Self.frontMatter + Self.code { #expect(out.contains(line), "lost: \(line)") }
    }

    @Test func aFenceBetweenRemovedBlocksGoesWithThem() throws {
        // After a trailing disclaimer's cut, a fence among the removed blocks is not part of the article.
        let lines = ["The council voted on Tuesday to extend the night bus service to the northern districts of the city.",
                     "The new routes start in March and will run every thirty minutes until two in the morning.",
                     "Disclaimer: This article is for information only and does not constitute investment advice.",
                     "```", "embed code", "```", "Share this article"]
        let (_, out) = try kept(lines, .extracted)
        #expect(!out.contains("embed code"))
        #expect(out.contains(lines[1]))
    }

    @Test func setextHeadingsAreUnderlinesAboutAsLongAsTheirHeading() throws {
        // Han characters count one each: 17 characters over 17 dashes.
        let s = try structure(["怎么用pprof分析gRPC的性能", "-----------------", "", "正文第一段。", "Results", "=======", "Text."])
        #expect(s.underlines == [1, 4])  // block indices: the blank line is no block
        #expect(s.marksMarkdown)
        // A separator under a sentence, an underline far longer than its line, one under a blank line.
        #expect(try structure(["Yet another hard blow for TiVo.", "--------------------"]).isEmpty)
        #expect(try structure(["Feedback", "--------------------", "More text here."]).isEmpty)
        #expect(try structure(["Intro.", "", "-----"]).isEmpty)
        // One underlined label alone does not make the text Markdown.
        let one = try structure(["Other Cups", "----------", "Text."])
        #expect(one.underlines == [1] && !one.marksMarkdown)
    }

    @Test func anUnderlineGoesWithItsHeading() throws {
        let lines = ["Night buses", "===========", "",
                     "The council voted on Tuesday to extend the night bus service to the northern districts of the city.", "",
                     "Routes", "------", "",
                     "The new routes start in March and will run every thirty minutes until two in the morning.", "",
                     "Related articles", "----------------", "",
                     "* [Tram lines to close for repairs](https://example.com/trams)",
                     "* [New cycle lanes on the ring road](https://example.com/cycle)"]
        let (mode, out) = try kept(lines, .auto)
        #expect(mode == .extracted)
        for line in lines[0...8] where !line.isEmpty { #expect(out.contains(line), "lost: \(line)") }
        #expect(!out.contains("Related articles") && !out.contains("----------------"))
    }
}
