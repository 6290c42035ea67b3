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

    @Test func linesOfACodeFenceAreNoPageChrome() throws {
        // A tutorial's commands are short lines of one or two words, as a menu's labels are; inside a
        // Markdown code fence they are not counted, so this text with a copyright line is still extracted.
        let commands = ["cd app", "npm install", "npm test", "git status", "ls", "make", "make install", "git push"]
        let text = ["# Setting up the app"] + Self.article + ["```"] + commands + ["```"] + Self.article
            + ["© 2025 Example News. All rights reserved."]
        #expect(try mode(text) == .extracted)
        // The same lines outside a fence read as a page's labels.
        #expect(try mode(["# Setting up the app"] + Self.article + commands + Self.article
            + ["© 2025 Example News. All rights reserved."]) == .page)
    }

    @Test func aListHeavyTextWithoutResidueIsCleanedAsExtracted() throws {
        // A recipe's ingredients look like a page's labels; no rule finds residue in it, so nothing goes.
        let recipe = ["Onion soup", "Ingredients:", "4 onions", "Butter", "Salt", "1 l stock", "Bread", "Method:",
                      "Slice the onions thinly.", "Melt the butter in a large pot.", "Cook the onions for forty minutes.",
                      "Add the stock and the salt.", "Simmer for half an hour.", "Serve with toasted bread."]
        let result = try Cleaner(rules: try Cleaner.defaultRules()).clean(recipe.joined(separator: "\n") + "\n")
        let (mode, noSign) = (result.mode, result.noResidueSign)
        #expect(mode == .extracted)
        #expect(noSign)
        #expect(String(decoding: result.output(), as: UTF8.self) == recipe.joined(separator: "\n") + "\n")
    }

    @Test func aPageWhoseResidueARuleKnowsStaysAPage() throws {
        let menu = ["Home", "News", "Sport", "Weather", "Culture", "Contact us"]
        let footer = ["About", "Privacy", "© 2024 The Daily Example. All rights reserved."]
        #expect(try mode(menu + Self.article + footer) == .page)
    }

    @Test func fewerThanEightBlocksAreNeverAPage() throws {
        #expect(try mode(["Home", "News", "Sport"] + Self.article.prefix(2)) == .extracted)
    }
}

/// `auto` mode on an extractor's output that still holds a page's chrome: page mode's removals are taken
/// when they are most of the lines but little of the text; `--mode extracted` stays conservative.
struct ChromeDetectorTests {
    // Menus of three-word items: not labels, so `auto` reads the text as an extractor's output.
    static let menu = ["World news today", "Business and markets", "Science and health", "Arts and culture",
                       "Travel and food", "Opinion and letters", "Sport results live", "Local news here",
                       "Weather and traffic", "Cars and motoring", "Homes and gardens", "Puzzles and games",
                       "Books and reviews", "Film and music"]
    static let headline = "Night buses to run until two in the morning"
    static let footer = ["About this site", "Privacy and cookies", "Terms of use", "Contact the newsroom",
                         "Jobs at the paper", "Advertise with us", "Site map index"]
    // Paragraphs long enough for page mode's `good` class.
    static let article = ModeDetectorTests.article.map { $0 + " " + $0 + " " + $0 }

    func clean(_ lines: [String], _ mode: CleaningOptions.Mode) throws -> CleaningResult {
        try Cleaner(rules: try Cleaner.defaultRules(), options: CleaningOptions(mode: mode))
            .clean(lines.joined(separator: "\n") + "\n")
    }

    func keptLines(_ result: CleaningResult) -> [String] {
        String(decoding: result.output(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func chromeAroundAnArticleGoesInAutoMode() throws {
        // Page mode keeps up to two title lines just above the article: the headline and the line above it.
        let result = try clean(Self.menu + [Self.headline] + Self.article + Self.footer, .auto)
        let (mode, chrome) = (result.mode, result.pageChrome)
        #expect(mode == .extracted)
        #expect(chrome)
        #expect(keptLines(result) == [Self.menu.last!, Self.headline] + Self.article)
    }

    @Test func explicitExtractedModeKeepsWhatNoRuleRecognises() throws {
        // The footer is a trailing run of short lines, which a rule trims; the menu above the article stays.
        let result = try clean(Self.menu + Self.article + Self.footer, .extracted)
        let chrome = result.pageChrome
        #expect(!chrome)
        #expect(keptLines(result) == Self.menu + Self.article)
    }

    @Test func aFewShortLinesAreNotChrome() throws {
        // Five short lines among four paragraphs: page mode would remove under 60% of the lines.
        let lines = Array(Self.menu.prefix(5)) + Self.article
        let result = try clean(lines, .auto)
        let chrome = result.pageChrome
        #expect(!chrome)
        #expect(keptLines(result) == lines)
    }

    @Test func shortSentencesAmongTheChromeStay() throws {
        // A correction among the footer's lines: page mode would remove it with them.
        let note = "The report was updated on Friday."
        let footer = Array(Self.footer.prefix(3)) + [note] + Array(Self.footer.dropFirst(3))
        let result = try clean(Self.menu + [Self.headline] + Self.article + footer, .auto)
        let chrome = result.pageChrome
        #expect(chrome)
        #expect(keptLines(result) == [Self.menu.last!, Self.headline] + Self.article + [note])
    }
}

struct InteriorResidueTests {
    static let menu = ["World news today", "Business and markets", "Science and health"]
    static let headline = "Night buses to run until two in the morning"
    static let article = [
        "The city council voted on Tuesday to extend night bus services until two in the morning on every day of the week, after a year-long trial on weekends drew more riders than expected. The council said the trial carried over forty thousand passengers.",
        "Transport officials said the extended timetable would start next month and cost about four million a year, paid for by a rise in parking charges in the city centre. Officials expect the buses to pay for themselves within three years.",
        "Drivers' unions welcomed the decision but asked for more staff on the late routes, where several assaults on drivers were reported last winter. The union said it would meet the council again in the spring to review the first months.",
    ]
    static let share = ["Share on Facebook", "Share on Twitter"]
    static let footer = ["About this site", "Privacy and cookies"]

    func clean(_ lines: [String], _ mode: CleaningOptions.Mode = .auto) throws -> CleaningResult {
        try Cleaner(rules: try Cleaner.defaultRules(), options: CleaningOptions(mode: mode))
            .clean(lines.joined(separator: "\n") + "\n")
    }

    func keptLines(_ result: CleaningResult) -> [String] {
        String(decoding: result.output(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func residueBetweenKeptLinesTakesPageModesRemovals() throws {
        // Share buttons and a read-more link inside the article: extracted mode's rules remove them, but
        // the menu above stays there. In auto mode page mode's removals are taken, and the menu goes too
        // (page mode keeps up to two title lines above the article: the headline and the line above it).
        let lines = Self.menu + [Self.headline, Self.article[0]] + Self.share + [Self.article[1],
                    "Read more: Trams return to the high street", Self.article[2]] + Self.footer
        let extracted = try clean(lines, .extracted)
        #expect(keptLines(extracted) == Self.menu + [Self.headline] + Self.article)
        let result = try clean(lines)
        let (mode, inside, chrome) = (result.mode, result.residueInside, result.pageChrome)
        #expect(mode == .extracted)
        #expect(chrome && inside)
        #expect(keptLines(result) == [Self.menu.last!, Self.headline] + Self.article)
    }

    @Test func anExtractorsHeadlineSourceAndDateStay() throws {
        // Page mode stops its title lines at the date (a rule decides it) and would drop all three; with
        // no title line kept above the first sentence, the three lines above it stay.
        let head = [Self.headline, "City Desk", "06/18"]
        let lines = head + [Self.article[0]] + Self.share + ["Read more: Trams return to the high street", Self.article[1], Self.article[2]]
        let page = try clean(lines, .page)
        #expect(keptLines(page) == Self.article)
        let result = try clean(lines)
        let (inside, chrome) = (result.residueInside, result.pageChrome)
        #expect(chrome && inside)
        #expect(keptLines(result) == head + Self.article)
    }

    @Test func aSubheadingAfterARemovedLinkStays() throws {
        // Page mode drops a short line whose neighbour is residue; here the only neighbours are the
        // read-more links the rules removed, then text page mode keeps, so the subheadings stay.
        let lines = Self.menu + [Self.headline, Self.article[0], "Read more: Trams return to the high street",
                    "Longer hours", Self.article[1], "Read more: Cycle lanes for the ring road", "What the unions say",
                    Self.article[2]] + Self.footer
        let result = try clean(lines)
        let (inside, chrome) = (result.residueInside, result.pageChrome)
        #expect(chrome && inside)
        #expect(keptLines(result) == [Self.menu.last!, Self.headline, Self.article[0], "Longer hours", Self.article[1],
                                      "What the unions say", Self.article[2]])
    }

    @Test func onAWholePageThePageModeVerdictsStandWithoutSparedSentences() throws {
        // Residue inside, and page mode keeps under 30% of the text: link rows fill the page. The teaser
        // sentences under them, which page mode drops, are not spared as they are on an extractor's output.
        let rows = (1...30).map { "Markets \($0) Technology Science Health Sport Culture Travel Opinion Video Podcasts" }
        let teasers = ["Readers also liked the story about the new harbour bridge.",
                       "Another story tells how the old market hall found a new tenant."]
        let lines = [Self.headline, Self.article[0]] + Self.share + [Self.article[1], Self.article[2]] + rows + teasers
        let result = try clean(lines)
        let (mode, inside) = (result.mode, result.residueInside)
        #expect(mode == .extracted && inside)
        #expect(keptLines(result) == [Self.headline] + Self.article)
    }

    @Test func residueAtTheEdgesLeavesAnExtractorsOutput() throws {
        // The same residue above the headline and after the article: the text stays extracted.
        let lines = Self.share + [Self.headline] + Self.article + ["Read more: Trams return to the high street"]
        let result = try clean(lines)
        let (inside, chrome) = (result.residueInside, result.pageChrome)
        #expect(!inside && !chrome)
        #expect(keptLines(result) == [Self.headline] + Self.article)
    }

    @Test func residueUnderHalfAPercentOfTheTextDoesNot() throws {
        // One share line (17 characters) in an article of about 4,200: under 0.5% of the text.
        let long = Self.article.map { Array(repeating: $0, count: 6).joined(separator: " ") }
        let lines = Self.menu + [Self.headline, long[0], Self.share[0], long[1], long[2]]
        let result = try clean(lines)
        let (inside, chrome) = (result.residueInside, result.pageChrome)
        #expect(!inside && !chrome)
        #expect(keptLines(result) == Self.menu + [Self.headline] + long)
    }

    @Test func pageModeMissingMostOfTheSentencesLeavesTheExtractedResult() throws {
        // A short article with one read-also line inside: page mode takes its first paragraph for the
        // article region and drops the rest, the subheading, the list and the caption with it. Page mode
        // keeps under half of the sentences' text, so the rules' output stands.
        let lines = ["Stadtrat beschließt längere Nachtbusse", "Von Anna Müller | 12.03.2026",
                     "Der Stadtrat hat am Dienstag beschlossen, die Nachtbusse künftig bis zwei Uhr morgens fahren zu lassen. Ein Probebetrieb an den Wochenenden hatte mehr Fahrgäste gebracht als erwartet.",
                     "Lesen Sie auch: Straßenbahn kehrt in die Innenstadt zurück", "Was sich ändert",
                     "Ab April fahren die Linien N1 bis N4 jede halbe Stunde. Die Kosten von rund vier Millionen Euro im Jahr sollen höhere Parkgebühren decken.",
                     "- Linie N1: Hauptbahnhof bis Nordstadt", "- Linie N2: Uni bis Flughafen", "- Linie N3 und N4: Ringverkehr",
                     "Die Gewerkschaft begrüßte den Beschluss, forderte aber mehr Personal auf den späten Strecken.",
                     "Ein Nachtbus am Hauptbahnhof (Foto: Stadtwerke)",
                     "Im Frühjahr will der Rat die ersten Monate auswerten und über weitere Linien entscheiden."]
        let page = try clean(lines, .page)
        #expect(keptLines(page).count == 3)
        let result = try clean(lines)
        let (inside, chrome) = (result.residueInside, result.pageChrome)
        #expect(!inside && !chrome)
        var expected = lines
        expected.remove(at: 3)
        #expect(keptLines(result) == expected)
    }

    @Test func pageModeFindingNoArticleLeavesTheExtractedResult() throws {
        // A Korean news page (../shared/examples/labelled/1.txt): share rows between its paragraphs, but
        // page mode finds no article region in it and falls back to prose-like lines, dropping a caption.
        let bytes = try Shared.bytes("labelled/1.txt")
        let cleaner = { (mode: CleaningOptions.Mode) in try Cleaner(rules: try Cleaner.defaultRules(), options: CleaningOptions(mode: mode)) }
        let page = try cleaner(.page).clean(utf8: bytes)
        #expect(page.verdicts.contains { $0.decision == .fallback })
        let extracted = try cleaner(.extracted).clean(utf8: bytes)
        #expect(InteriorResidue.marksPage(extracted.document, extracted.verdicts, MarkdownStructure(extracted.document)))
        let auto = try cleaner(.auto).clean(utf8: bytes)
        let (inside, chrome) = (auto.residueInside, auto.pageChrome)
        #expect(!inside && !chrome)
        #expect(auto.output() == extracted.output())
    }
}

struct ShortArticleTests {
    static let folder = Shared.root.appendingPathComponent("Tests/Fixtures/ShortArticles")

    @Test(arguments: ["ar", "de", "es", "id", "ja", "ko", "ru", "zh"])
    func onlyTheReadAlsoLineGoes(language: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("\(language).txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        let result = try Cleaner(rules: try Cleaner.defaultRules()).clean(text)
        let kept = String(decoding: result.output(), as: UTF8.self).split(separator: "\n").map(String.init)
        var expected = Array(lines)
        expected.remove(at: 3)
        #expect(kept == expected)
    }
}
