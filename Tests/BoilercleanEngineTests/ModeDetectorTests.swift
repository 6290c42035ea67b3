import Testing
@testable import BoilercleanEngine
import BoilercleanRules

/// `auto` mode: which texts are read as a whole page and which as an extractor's output.
struct ModeDetectorTests {
    static let article = [
        "The city council voted on Tuesday to extend the night bus service to the northern districts.",
        "The new routes start in March and will run every thirty minutes until two in the morning.",
        "Officials said the extra cost would be covered by the regional transport fund for two years.",
        "Residents who work late shifts had asked for the change for more than a year, the mayor said.",
    ]

    func mode(_ lines: [String]) throws -> CleaningMode {
        try Cleaner(rules: try Cleaner.defaultRules()).clean(lines.joined(separator: "\n") + "\n").mode
    }

    @Test func aPageWithMenusAndLabelsIsReadAsAPage() throws {
        let menu = ["Home", "News", "Sport", "Weather", "Culture", "Contact us"]
        let footer = ["About", "Privacy", "Terms of use"]
        #expect(try mode(menu + Self.article + footer) == .page)
    }

    @Test func anExtractorsOutputIsReadAsExtractedText() throws {
        // One label among prose: too few one- or two-word blocks for a page.
        #expect(try mode(["Night buses"] + Self.article + Self.article) == .extracted)
    }

    @Test func shortLinesThatAreNotLabelsDoNotMakeAPage() throws {
        // Many short lines, but of three or four words: no menu, so the character share alone is not enough.
        let headings = ["New routes in March", "Costs for two years", "What residents asked", "The mayor's view"]
        var lines: [String] = []
        for (heading, paragraph) in zip(headings, Self.article) { lines += [heading, paragraph] }
        #expect(try mode(lines) == .extracted)
    }

    @Test func fewerThanEightBlocksAreNeverAPage() throws {
        #expect(try mode(["Home", "News", "Sport"] + Self.article.prefix(2)) == .extracted)
    }
}
