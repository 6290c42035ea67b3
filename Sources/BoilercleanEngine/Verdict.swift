import BoilercleanRules
import BoilercleanText

/// How a block's verdict was reached.
public enum Decision: String, Sendable, Codable {
    /// A rule decided this block (drop, keep).
    case rule
    /// A `drop-to-end` or `drop-to-start` rule cut the document at another block, or a `drop-list` rule
    /// removed the list after its header.
    case cut
    /// Settled by its neighbours in the context pass.
    case context
    /// No rule spoke: the mode's default.
    case `default`
    /// Rules would have removed all body text; the block was kept instead.
    case fallback
    /// Part of the document's Markdown structure, kept whole: its front matter, or a closed code fence
    /// beside kept text; or a setext heading's underline, which goes with its heading (`MarkdownStructure`).
    case markdown
}

/// The end state of a block: body or boilerplate, and why.
public struct BlockVerdict: Sendable {
    public var keep: Bool
    public var decision: Decision
    /// Rules that decided the block (for cuts: the rule at the cut).
    public var rules: [String]
    /// The kind of residue, for removed blocks.
    public var kind: RuleKind?
    /// Rules that leaned one way without deciding.
    public var leanings: [String]
    /// For each deciding rule, the conditions that held (only when explanations are asked for).
    public var evidence: [String]
    /// Removed by a `drop-to-end` / `drop-to-start` cut (at or beyond the cut block).
    var byCut = false

    init(keep: Bool, decision: Decision, rules: [String] = [], kind: RuleKind? = nil) {
        self.keep = keep
        self.decision = decision
        self.rules = rules
        self.kind = kind
        leanings = []
        evidence = []
    }
}

/// A cleaned document: its analysis, a verdict for every block, and the output bytes.
public struct CleaningResult: Sendable {
    public var document: Document
    public var verdicts: [BlockVerdict]
    public var mode: CleaningMode
    /// Set when the rules would have removed every block with body text.
    public var emptied = false
    /// Extracted mode: the text held a page's chrome, and page mode's removals were taken (see
    /// `ChromeDetector`).
    public var pageChrome = false
    /// With `pageChrome`: what told the chrome was residue the rules removed between kept lines (see
    /// `InteriorResidue`), not the shape of page mode's removals.
    public var residueInside = false
    /// A rule that tells residue by more than a line's shape (not a page class, nor a rule on numbers,
    /// lone list markers or lines without letters) removed at least one block (`RulePlan.residueSign`).
    public var residueSign = false
    /// `auto`: the text looked like a whole page, but neither mode's rules found residue in it
    /// (`residueSign`), so it was cleaned as extracted.
    public var noResidueSign = false
    public var warnings: [String] = []

    public init(document: Document, verdicts: [BlockVerdict], mode: CleaningMode, warnings: [String] = []) {
        self.document = document
        self.verdicts = verdicts
        self.mode = mode
        self.warnings = warnings
    }

    /// Kept lines byte for byte with their line ends; blank lines kept where they separate kept blocks.
    public func output() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(document.bytes.count)
        let lines = document.lines
        var previousLine = -1          // last line of the previous block (kept or not)
        var emitted = false
        let blocks = document.blocks
        document.bytes.withUnsafeBufferPointer { bytes in
            // By index, reading two fields: iterating the pairs copied every block and verdict (retaining
            // the verdict's arrays).
            for i in 0..<min(blocks.count, verdicts.count) {
                let line = blocks[i].line
                defer { previousLine = line }
                guard verdicts[i].keep else { continue }
                let first = emitted ? previousLine + 1 : line
                let start = lines[first].start
                let end = lines[line].next
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                emitted = true
            }
        }
        return out
    }

    public var removedBlocks: Int { verdicts.filter { !$0.keep }.count }
}
