import BoilercleanRules
import BoilercleanText
#if canImport(Glibc)
import Glibc
#endif
import DefaultRules

public struct CleaningOptions: Sendable {
    public enum Mode: String, Sendable, CaseIterable { case page, extracted, auto }
    public var mode: Mode = .auto
    /// Allow output with no body text when the rules remove everything (otherwise the document is kept).
    public var allowEmpty = false
    /// Record which conditions held for each deciding rule (for --explain and JSON reports).
    public var collectEvidence = false
    public init(mode: Mode = .auto, allowEmpty: Bool = false, collectEvidence: Bool = false) {
        self.mode = mode
        self.allowEmpty = allowEmpty
        self.collectEvidence = collectEvidence
    }
}

/// Cleans documents with a rule set. Not thread-safe: make one per thread with `clone()`.
public final class Cleaner {
    public let rules: RuleSet
    public let options: CleaningOptions
    let analyzer: Analyzer
    let folder: CaseFolder
    /// The rules prepared for each mode, made on first use.
    private var plans: [CleaningMode: RulePlan] = [:]

    /// The rule set is cloned: its regular expressions belong to this cleaner's thread.
    public init(rules: RuleSet, options: CleaningOptions = CleaningOptions()) throws {
        _ = AllocatorSettings.applied
        self.rules = rules.clone()
        self.options = options
        analyzer = try Analyzer(stopwords: rules.stopwords)
        folder = try CaseFolder()
    }

    private init(cloning other: Cleaner) throws {
        rules = other.rules.clone()
        options = other.options
        analyzer = try other.analyzer.clone()
        folder = try CaseFolder()
    }

    public func clone() throws -> Cleaner { try Cleaner(cloning: self) }

    /// Does now the work the cleaner would otherwise do on its first documents: compiling the built-in
    /// rules' patterns, which ICU compiles on first use (`RuleSource.verified`).
    public func prepare() { rules.compileDeferredPatterns() }

    /// The rule set compiled into the binary (the top-level Rules/ folder at build time).
    /// - Parameter verified: for cleaning: loaded without the checks the tests make (`RuleSource.verified`);
    ///   `boilerclean validate` and the tests pass false.
    public static func defaultRuleSources(verified: Bool = false) -> [RuleSource] {
        EmbeddedRules.files.map { RuleSource(path: $0.path, contents: $0.contents, verified: verified) }
    }

    public static func defaultRules() throws -> RuleSet {
        try RuleSet.compile(defaultRuleSources(verified: true)).get()
    }

    public func clean(_ text: String) -> CleaningResult {
        clean(utf8: Array(text.utf8))
    }

    /// Cleans UTF-8 text (decode other encodings with `TextDecoder` first).
    public func clean(utf8 bytes: [UInt8]) -> CleaningResult {
        // The scanner builds the phrase core texts in its pass (the folder is this cleaner's).
        let document = analyzer.analyze(bytes, folder: folder)
        let markdown = MarkdownStructure(document)
        let mode = resolveMode(document, markdown)
        var evaluator = Evaluator(document: document, plan: plan(for: mode), analyzer: analyzer, folder: folder, collectEvidence: options.collectEvidence)
        let checksChrome = mode == .extracted && options.mode == .auto
        if checksChrome { evaluator.sharedHits = [SlotSet?](repeating: nil, count: document.blocks.count) }
        var result = evaluator.run()
        // Moved out, so that the page-mode run adds to the hits in place instead of copying them all.
        if checksChrome { removePageChrome(&result, markdown, sharedHits: evaluator.sharedHits.take(), patternOutcomes: evaluator.takePatternOutcomes()) }
        // `auto` reads a list-heavy text as a page by its shape alone (a recipe's ingredients, a tutorial's
        // commands, a table of contents are short lines without sentence punctuation). A whole page has
        // residue the rules know by more than its shape (a copyright line, a skip link, share buttons, a
        // comment form); when neither mode's rules find any, the text is cleaned as extracted.
        if mode == .page && options.mode == .auto && !result.residueSign {
            var extracted = Evaluator(document: document, plan: plan(for: .extracted), analyzer: analyzer, folder: folder, collectEvidence: options.collectEvidence)
            extracted.sharedHits = [SlotSet?](repeating: nil, count: document.blocks.count)
            var other = extracted.run()
            if !other.residueSign {
                removePageChrome(&other, markdown, sharedHits: extracted.sharedHits.take(), patternOutcomes: extracted.takePatternOutcomes())
                other.noResidueSign = true
                result = other
            }
        }
        markdown.keep(&result.verdicts)
        if !options.allowEmpty { guardAgainstEmptying(&result) }
        return result
    }

    private func plan(for mode: CleaningMode) -> RulePlan {
        if let plan = plans[mode] { return plan }
        let plan = RulePlan(rules, mode: mode)
        plans[mode] = plan
        return plan
    }

    /// `auto`: extracted mode for a Markdown document (front matter or a closed code fence: an export or
    /// a clipping of the article, see `MarkdownStructure`); otherwise page mode when the document looks
    /// like a whole page (see `ModeDetector`), extracted mode when not.
    func resolveMode(_ document: Document, _ markdown: MarkdownStructure) -> CleaningMode {
        switch options.mode {
        case .page: return .page
        case .extracted: return .extracted
        case .auto: return !markdown.marksMarkdown && ModeDetector.looksLikeFullPage(document) ? .page : .extracted
        }
    }

    /// `auto` mode on a text it cleans as extracted, when the extractor let a page's chrome through: page
    /// mode's removals are taken for the text the rules kept. Two signs tell such a text: the rules
    /// removed residue between the lines they kept (`InteriorResidue`), or page mode would remove most of
    /// the kept lines but little of their text (`ChromeDetector`). Sentences, an extractor's headline
    /// block and subheadings next to removed residue stay (`ChromeDetector.staying`). An explicit
    /// `--mode extracted` removes only what rules recognise: this trades some recall for precision.
    /// The blocks of the Markdown structure count for neither sign.
    private func removePageChrome(_ result: inout CleaningResult, _ markdown: MarkdownStructure, sharedHits: consuming [SlotSet?]?, patternOutcomes: consuming PatternOutcomes) {
        let blocks = result.document.blocks
        let inside = InteriorResidue.marksPage(result.document, result.verdicts, markdown)
        guard inside || ChromeDetector.mayHoldChrome(blocks, result.verdicts, markdown) else { return }
        var evaluator = Evaluator(document: result.document, plan: plan(for: .page), analyzer: analyzer, folder: folder, collectEvidence: options.collectEvidence)
        // The phrase hits extracted mode found (the plans share the rule set's phrase index).
        evaluator.sharedHits = consume sharedHits
        // And ICU's answers for the patterns both plans' rules share (the same condition objects).
        evaluator.patternOutcomes = consume patternOutcomes
        let page = evaluator.run()
        // Residue inside counts only when page mode sees the article the rules kept: it found an article
        // region (rather than falling back to the lines that look like prose), and keeps at least half of
        // the sentences' text. On a short article page mode may take one paragraph for the region and
        // drop the rest; then the extractor's output is the better guess of the article.
        let byResidue = inside && !page.verdicts.contains { $0.decision == .fallback }
            && InteriorResidue.pageKeepsTheSentences(blocks, extracted: result.verdicts, page: page.verdicts)
        guard byResidue || ChromeDetector.isChrome(blocks, extracted: result.verdicts, page: page.verdicts, markdown) else { return }
        // Residue inside a text of which page mode keeps under `InteriorResidue.pageShareTrusted` of the
        // characters: a whole page, whose spared sentences and headlines would be its teasers and
        // comments. Page mode's verdicts are taken as they are.
        let trustPage = byResidue && InteriorResidue.pageKeepsLittle(result.document, page.verdicts)
        let stays = trustPage ? [Bool](repeating: false, count: blocks.count)
            : ChromeDetector.staying(blocks, extracted: result.verdicts, page: page.verdicts)
        for b in blocks.indices where result.verdicts[b].keep && !page.verdicts[b].keep && !stays[b] {
            var verdict = page.verdicts[b]
            verdict.leanings = []
            result.verdicts[b] = verdict
        }
        result.pageChrome = true
        result.residueInside = byResidue
    }

    private func guardAgainstEmptying(_ result: inout CleaningResult) {
        let hasText = result.document.blocks.contains { $0.features.letters > 0 }
        guard hasText, !result.verdicts.contains(where: { $0.keep }) else { return }
        result.emptied = true
        result.warnings.append("the rules would remove all text of this document; it is left unchanged (use --allow-empty to accept empty output)")
        for i in result.verdicts.indices {
            result.verdicts[i].keep = true
            result.verdicts[i].decision = .fallback
        }
    }
}

/// `auto` mode: full page text has menus, link lists, labels and footers; an extractor's output has few.
/// A document of at least 8 blocks is cleaned as a page when at least 16% of its blocks are labels of one
/// or two words and short lines without sentence punctuation (at most four words) hold over 8% of its
/// characters. Both shares were chosen on all of ../shared/eval in both settings (README, Accuracy):
/// requiring the label share as well keeps more extractor outputs in extracted mode, and the `auto`
/// figures of both settings rose slightly. A text read as a page in which neither mode's rules find
/// residue by more than its shape is cleaned as extracted after all (`Cleaner.clean`; docs/accuracy.md,
/// the eighth audit). Lines inside a Markdown code fence are not counted (docs/accuracy.md, session 12).
enum ModeDetector {
    /// The block starts with three backticks or tildes (after spaces): a Markdown code fence.
    static func opensWithFence(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        guard i + 3 <= range.upperBound else { return false }
        let c = bytes[i]
        return (c == 0x60 || c == 0x7E) && bytes[i + 1] == c && bytes[i + 2] == c
    }

    static let labelBlockShare = 0.16
    static let shortCharacterShare = 0.08
    static let minimumBlocks = 8

    static func looksLikeFullPage(_ document: Document) -> Bool {
        let blocks = document.blocks
        guard blocks.count >= minimumBlocks else { return false }
        var labels = 0, short = 0, total = 0
        var inFence = false
        for i in blocks.indices {
            let characters = blocks[i].features.characters, words = blocks[i].features.words, letters = blocks[i].features.letters
            total += characters
            // Code is no page chrome: the lines of a Markdown code fence (a tutorial's commands) count as
            // neither labels nor short lines.
            if opensWithFence(document.bytes, blocks[i].range) { inFence.toggle(); continue }
            if inFence { continue }
            if words <= 2 && letters > 0 { labels += 1 }
            if words <= 4 && !blocks[i].features.endsWithTerminal && letters > 0 { short += characters }
        }
        return Double(labels) >= labelBlockShare * Double(blocks.count)
            && Double(short) > shortCharacterShare * Double(max(1, total))
    }
}

/// `auto` mode's first sign of a page's chrome in a text it cleans as extracted: extracted mode's rules
/// removed residue between the first and the last line they kept (by a rule on the line itself, not a
/// cut), and those lines hold at least 0.5% of the text's characters. Residue at the edges only (a
/// trailing disclaimer, a share bar above the title) leaves an extractor's output as it is; residue inside
/// marks a page whose menus, labels and link lists run through the article. Chosen on all of
/// ../shared/eval in both settings (docs/accuracy.md): shares from 0.3% to 3% all raised both figures of
/// the default mode. The sign counts only when page mode sees the article too (`pageKeepsTheSentences`).
enum InteriorResidue {
    static let minimumShare = 0.005

    static func marksPage(_ document: Document, _ verdicts: [BlockVerdict], _ markdown: MarkdownStructure) -> Bool {
        guard let first = verdicts.firstIndex(where: { $0.keep }),
              let last = verdicts.lastIndex(where: { $0.keep }), last > first + 1 else { return false }
        let blocks = document.blocks
        var inside = 0
        for b in (first + 1)..<last where !verdicts[b].keep && verdicts[b].decision == .rule && !markdown.contains(b) {
            inside += blocks[b].features.characters
        }
        let total = document.profile.characters
        return total > 0 && Double(inside) >= minimumShare * Double(total)
    }

    /// Page mode keeps at least this share of the characters of the sentences the rules kept.
    static let sentenceShareKept = 0.5

    /// When page mode keeps less than this share of the text's characters, its verdicts stand without
    /// the blocks `ChromeDetector.staying` spares. Chosen on all of ../shared/eval in both settings
    /// (docs/accuracy.md, session 10): 0.2 to 0.7 all raised the default mode on page text.
    static let pageShareTrusted = 0.3

    static func pageKeepsLittle(_ document: Document, _ page: [BlockVerdict]) -> Bool {
        var kept = 0
        for b in document.blocks.indices where page[b].keep { kept += document.blocks[b].features.characters }
        return Double(kept) < pageShareTrusted * Double(max(1, document.profile.characters))
    }

    static func pageKeepsTheSentences(_ blocks: [Block], extracted: [BlockVerdict], page: [BlockVerdict]) -> Bool {
        var sentences = 0, kept = 0
        for b in blocks.indices where extracted[b].keep && ChromeDetector.isSentence(blocks[b]) {
            sentences += blocks[b].features.characters
            if page[b].keep { kept += blocks[b].features.characters }
        }
        return Double(kept) >= sentenceShareKept * Double(sentences)
    }
}

/// `auto` mode's check of a text it cleans as extracted: an extractor's output that still holds a page's
/// chrome (menus, link lists, labels, footers around the article: the extractor fell back to much of the
/// page). Page mode would remove most of the lines the rules kept (sentences of four or more words apart,
/// which stay), but only a small share of their characters: the article is a few long blocks among many
/// short ones. Chosen on all of ../shared/eval in the after-trafilatura setting (docs/accuracy.md): the
/// line share and the character share are the two figures that told the outputs page mode improves from
/// those it harms; sparing sentences keeps short article sentences.
enum ChromeDetector {
    /// At least this share of the kept blocks page mode removes…
    static let minimumRemovedBlocks = 0.6
    /// …holding at most this share of the kept blocks' characters.
    static let maximumRemovedCharacters = 0.3
    /// Blocks of at least this many words that end a sentence stay.
    static let sentenceWords = 4
    /// When page mode keeps no title line above its first sentence, this many blocks above it stay.
    static let headLines = 3

    static func isSentence(_ block: Block) -> Bool {
        block.features.endsWithTerminal && block.features.words >= sentenceWords
    }

    /// The blocks that stay when page mode's removals are taken: sentences; when page mode kept no title
    /// line above its first sentence (its title lines stop at a date or a source line a rule decided),
    /// the `headLines` blocks above it (an extractor's headline, source and date); and a short line page
    /// mode dropped when the nearest lines the rules kept on both sides are kept by page mode (a
    /// subheading between two paragraphs, or after a read-more link the rules removed).
    static func staying(_ blocks: [Block], extracted: [BlockVerdict], page: [BlockVerdict]) -> [Bool] {
        let n = blocks.count
        let firstSentence = blocks.indices.first { page[$0].keep && isSentence(blocks[$0]) } ?? 0
        let hasTitle = firstSentence > 0 && page[firstSentence - 1].keep
        let head = hasTitle ? 0..<0 : max(0, firstSentence - headLines)..<firstSentence
        func pageKeepsNearest(_ b: Int, _ step: Int) -> Bool {
            var i = b + step
            while i >= 0 && i < n && !extracted[i].keep { i += step }
            return i >= 0 && i < n && page[i].keep
        }
        return blocks.indices.map { b in
            isSentence(blocks[b]) || head.contains(b)
                || (pageKeepsNearest(b, -1) && pageKeepsNearest(b, 1))
        }
    }

    /// A cheap necessary condition, before page mode runs: at least `minimumRemovedBlocks` of the kept
    /// blocks are not sentences, and the smallest that many of them hold at most
    /// `maximumRemovedCharacters` of the kept blocks' characters.
    static func mayHoldChrome(_ blocks: [Block], _ verdicts: [BlockVerdict], _ markdown: MarkdownStructure) -> Bool {
        var sizes: [Int] = []
        var kept = 0, total = 0
        for b in blocks.indices where verdicts[b].keep && !markdown.contains(b) {
            kept += 1
            total += blocks[b].features.characters
            if !isSentence(blocks[b]) { sizes.append(blocks[b].features.characters) }
        }
        let needed = Int((minimumRemovedBlocks * Double(kept)).rounded(.up))
        guard kept > 0, sizes.count >= needed else { return false }
        sizes.sort()
        let smallest = sizes.prefix(needed).reduce(0, +)
        return Double(smallest) <= maximumRemovedCharacters * Double(total)
    }

    /// Whether page mode's removals of the kept blocks that are not sentences are at least
    /// `minimumRemovedBlocks` of the kept blocks and hold at most `maximumRemovedCharacters` of their
    /// characters.
    static func isChrome(_ blocks: [Block], extracted: [BlockVerdict], page: [BlockVerdict], _ markdown: MarkdownStructure) -> Bool {
        var kept = 0, removed = 0, characters = 0, removedCharacters = 0
        for b in blocks.indices where extracted[b].keep && !markdown.contains(b) {
            kept += 1
            characters += blocks[b].features.characters
            if !page[b].keep && !isSentence(blocks[b]) {
                removed += 1
                removedCharacters += blocks[b].features.characters
            }
        }
        return kept > 0 && Double(removed) >= minimumRemovedBlocks * Double(kept)
            && Double(removedCharacters) <= maximumRemovedCharacters * Double(characters)
    }
}
