import BoilercleanRules
import BoilercleanText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A block's verdict while the evaluator settles it, in plain values: the passes over the verdicts read
/// and copy them, and `BlockVerdict`'s three arrays were retained and released on every copy. The rule
/// ids are made once, for the result.
struct Settling {
    /// `rules` when no rule decided.
    static let none: Int32 = -1
    var keep: Bool
    var decision: Decision
    /// The rules that decided: rule index r ≥ 0 alone, `none`, or ≤ -2 for `Evaluator.ruleLists[-2 - rules]`.
    var rules: Int32
    var kind: RuleKind?
    var byCut = false

    init(keep: Bool, decision: Decision, rules: Int32 = Settling.none, kind: RuleKind? = nil) {
        self.keep = keep
        self.decision = decision
        self.rules = rules
        self.kind = kind
    }
}

/// Runs the rules over one document's blocks and settles the verdicts.
///
/// 1. Rules fire on blocks. Phrase rules are found through the rule set's `PhraseIndex` (one pass per
///    block for all phrases); other rules are checked directly, cheap conditions first.
/// 2. `keep`, `drop`, `drop-to-end`, `drop-to-start` and `trim` decide blocks outright.
/// 3. Page mode: the first classifying rule (`good`, `near-good`, `short`, `bad`) gives each other block a
///    class; jusText's context revision settles `short` and `near-good` blocks by their neighbours; the
///    main region (the span with the best balance of good text over the rest) is kept, with up to two
///    title lines just before it; on a thread it grows across post headers (`extendThread`,
///    `threadBySeparators`).
/// 4. Extracted mode: what no rule removes is body, but if the rules (other than cuts) would remove more
///    than half of the text, they are overruled: an extractor's output is mostly body.
/// What ICU answered for pattern conditions on the texts of blocks (see `Evaluator.patternOutcomes`):
/// an open-addressing table by condition and block. Hashing a struct key for a Dictionary cost about as
/// much as the calls to ICU it saved.
struct PatternOutcomes {
    private struct Entry {
        /// The condition's address; 0 marks an empty slot.
        var condition: UInt = 0
        var block: Int32 = 0
        var matched = false
    }

    private var entries = [Entry](repeating: Entry(), count: 64)
    private var count = 0

    @inline(__always)
    private static func slot(_ condition: UInt, _ block: Int32, _ mask: Int) -> Int {
        // The product's bits from 32 up, which depend on every bit of the key (`>>` binds tighter than
        // `&*`: without the parentheses the constant was shifted, and the slot, the product's low bits,
        // hung on the condition's low bits alone, so one condition's blocks shared one probe chain).
        Int(truncatingIfNeeded: ((((UInt64(condition) >> 4) ^ UInt64(UInt32(bitPattern: block)) << 20) &* 0x9E37_79B9_7F4A_7C15) >> 32)) & mask
    }

    func outcome(_ condition: ObjectIdentifier, _ block: Int32) -> Bool? {
        let key = UInt(bitPattern: condition), mask = entries.count - 1
        var i = Self.slot(key, block, mask)
        while entries[i].condition != 0 {
            if entries[i].condition == key && entries[i].block == block { return entries[i].matched }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Records an outcome not recorded yet.
    mutating func record(_ condition: ObjectIdentifier, _ block: Int32, _ matched: Bool) {
        if 2 * (count + 1) > entries.count {
            let old = entries
            entries = [Entry](repeating: Entry(), count: 2 * old.count)
            count = 0
            for e in old where e.condition != 0 { insert(e) }
        }
        insert(Entry(condition: UInt(bitPattern: condition), block: block, matched: matched))
    }

    private mutating func insert(_ e: Entry) {
        let mask = entries.count - 1
        var i = Self.slot(e.condition, e.block, mask)
        while entries[i].condition != 0 { i = (i + 1) & mask }
        entries[i] = e
        count += 1
    }
}

struct Evaluator {
    let document: Document
    let rules: [Rule]
    let phrases: PhraseIndex
    let mode: CleaningMode
    let analyzer: Analyzer
    let folder: CaseFolder
    let collectEvidence: Bool
    // From the plan (see `RulePlan`).
    private let idLists: [[String]]
    private let gates: [Gate]
    private let facts: [RuleFacts]
    // Profile values the conditions read for every candidate rule, taken out of the profile once.
    private let hasLanguage: Bool
    /// The page's language code, "" when none was recognised.
    private let language: String
    private let bodyScript: Int
    private let tailDeparture: Int?
    /// By block: the items of a numbered list whose numbers stand alone (see `numberedItems(_:)`), found
    /// once per document when a rule reads them (empty otherwise). An array, not the set: rules ask for
    /// every short block, and hashing the index cost more than the lookup.
    private let numberedItems: [Bool]

    // Caches of the costly features, computed only when a rule asks. Phrase hits are asked for while
    // their block is evaluated, so only the last block's are kept (an array for all blocks took 48 bytes a
    // block); sentence counts are kept for every block, as explanations show them afterwards.
    private var hits: (block: Int, slots: SlotSet)?
    /// By block, the phrase hits found so far, when a second evaluation of the same document is to reuse
    /// them (`auto` mode's page-chrome check runs page mode after extracted mode; both plans share the
    /// rule set's phrase index, so a block's hits are the same). Nil: not kept.
    var sharedHits: [SlotSet?]?
    /// The last block whose first scalar a first-character condition read, and that scalar: several
    /// rules of a block may ask, and the block loop asks for one block after another.
    private var firstScalarBlock = -1
    private var firstScalarValue: UInt32 = 0
    private let characterTable = Unmanaged.passUnretained(CharacterTable.shared)
    /// Phrase hits of blocks whose text occurs more than once (menus, labels: a third of all blocks), with
    /// the bytes they were found for, kept for the first block of that text (`Block.firstOccurrence`, found
    /// by the analyzer's occurrence count): a later block with the same bytes has the same hits, and is
    /// spared the folding and matching. `repeatEntries[first]` is 1 + the index in `repeatHits`, 0 for
    /// none; made on first use.
    private var repeatHits: [(range: Range<Int>, slots: SlotSet)] = []
    private var repeatEntries: [Int32] = []
    /// What ICU answered for a pattern condition and a text: a later block with the same bytes (found as
    /// for `repeatHits`), and `auto` mode's page-mode run over the same blocks, ask it again. Kept for the
    /// first block of the text, only for texts that passed the regex's own pre-filters (those are cheaper
    /// than a lookup); a call to ICU costs ~5,000 instructions.
    var patternOutcomes = PatternOutcomes()
    private var sentences: [Int?]
    /// The rule lists of blocks that several keep or drop rules decided (see `Settling.rules`).
    private var ruleLists: [[Int]] = []

    /// Page mode: how heavily non-good text weighs against good text when finding the main region.
    /// Chosen on all of ../shared/eval once prose above the region is kept (docs/accuracy.md, session 10):
    /// 2.0 to 5.0 measured, 3.0 to 4.0 the best of both settings.
    static let regionPenalty = 3.0
    /// Page mode: the most words of a section label repeated inside the article (`sectionLabels`); a
    /// headline repeated in two teaser lists has more.
    static let sectionLabelWords = 3
    /// Page mode: title lines kept just before the main region, and their length bounds.
    static let titleLines = 2

    /// `opensWithBullet` of a block's text, answered from its first byte where that is printable ASCII
    /// other than "*" and "-" (no white space, no bullet: false), without making the String.
    func opensWithBullet(_ block: Block) -> Bool {
        let first = document.bytes[block.range.lowerBound]
        if first > 0x20 && first < 0x7F && first != 0x2A && first != 0x2D { return false }
        return Self.opensWithBullet(document.text(of: block))
    }

    /// A line that opens with a bullet ("• World news", "- Markets") is a list item, a menu's or a share
    /// bar's, never the headline above the article.
    static func opensWithBullet(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.drop(while: { $0.properties.isWhitespace })
        guard let first = scalars.first else { return false }
        if titleBullets.contains(first.value) { return true }
        // A dash is a bullet when a space follows it ("- Markets"), not in "-5% on the day".
        guard first.value == 0x2D || first.value == 0x2013 || first.value == 0x2014 else { return false }
        scalars = scalars.dropFirst()
        return scalars.first.map { $0.properties.isWhitespace } ?? false
    }

    static let titleBullets: Set<UInt32> = [
        0x2022, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x25BA, 0x2023, 0x2043, 0x2219, 0x25C6, 0x25C7,
        0x2605, 0x2606, 0x27A4, 0x27A2, 0x2192, 0xB7, 0x2A,
    ]
    static let titleLength = 10..<120
    /// Page mode, threads: the longest post header crossed (in blocks), how often a line must repeat on
    /// the page to count as a post's header, and how many headers must be crossed (see `extendThread`).
    static let threadGapBlocks = 14
    static let threadSeparatorRepeats = 4
    static let threadMinHeaders = 3
    /// Threads framed by a repeated line (see `threadBySeparators`): the longest such line, the fewest posts,
    /// the share of segments holding post text, and the typical post's size in blocks.
    static let threadSeparatorLength = 80
    static let threadMinPosts = 5
    static let threadPostShare = 0.5
    static let threadPostBlocks = 4...20
    /// Extracted mode: the most text the rules may remove before they are overruled.
    static let extractedMaxRemoved = 0.5

    private let plan: RulePlan

    init(document: Document, plan: RulePlan, analyzer: Analyzer, folder: CaseFolder, collectEvidence: Bool) {
        self.document = document
        self.plan = plan
        rules = plan.rules
        phrases = plan.phrases
        mode = plan.mode
        self.analyzer = analyzer
        self.folder = folder
        self.collectEvidence = collectEvidence
        idLists = plan.idLists
        gates = plan.gates
        facts = plan.facts
        hasLanguage = document.profile.language != nil
        language = document.profile.language ?? ""
        bodyScript = document.profile.bodyScript
        tailDeparture = document.profile.tailDeparture
        var numbered = [Bool]()
        if plan.readsNumberedItems {
            numbered = [Bool](repeating: false, count: document.blocks.count)
            for b in Self.numberedItems(document) { numbered[b] = true }
        }
        numberedItems = numbered
        sentences = Array(repeating: nil, count: document.blocks.count)
    }

    enum PageClass: Int { case bad, short, nearGood, good }

    /// Items of numbered lists whose numbers stand on lines of their own: number, item, number, item, …
    /// with the numbers counting up by one (1, 2, 3 or 4, 5, 6, in any script's digits), at least
    /// `numberedItemsMinimum` pairs in a row. A ranked widget (most read, hot stocks) reduced to text
    /// looks so; an article's numbered list keeps each number on its item's line. The item is the block
    /// after each number, itself no number.
    static let numberedItemsMinimum = 3
    static func numberedItems(_ document: Document) -> Set<Int> {
        let blocks = document.blocks
        /// The number of block b, which has the shape of a number or a list marker.
        func value(_ b: Int) -> Int? {
            // ASCII text from its bytes, as the loop below reads it: digits 0–9, white space (tab to carriage
            // return, space), "." and ")". Making a String and reading Unicode properties cost more.
            if let ascii = document.bytes.withUnsafeBufferPointer({ bytes -> Int?? in
                var v = 0, digits = 0
                for i in blocks[b].range {
                    let c = bytes[i]
                    if c >= 0x80 { return .none }
                    if c >= 0x30 && c <= 0x39 {
                        v = v * 10 + Int(c - 0x30); digits += 1
                        if digits > 3 { return .some(nil) }
                    } else if (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x2E || c == 0x29 {
                        continue
                    } else {
                        return .some(nil)
                    }
                }
                return .some(digits > 0 ? v : nil)
            }) {
                return ascii
            }
            let text = String(decoding: document.bytes[blocks[b].range], as: UTF8.self)
            var v = 0, digits = 0
            for s in text.unicodeScalars {
                if s.properties.generalCategory == .decimalNumber, let d = s.properties.numericValue {
                    v = v * 10 + Int(d); digits += 1
                    if digits > 3 { return nil }
                } else if s.properties.isWhitespace || s == "." || s == ")" {
                    continue
                } else {
                    return nil
                }
            }
            return digits > 0 ? v : nil
        }
        // Only blocks shaped as numbers or list markers have a value: the others are not visited (calling
        // `value` for every block cost more than the rest).
        var values = [Int?](repeating: nil, count: blocks.count)
        for b in blocks.indices where blocks[b].features.shape == .number || blocks[b].features.shape == .listMarker { values[b] = value(b) }
        var items = Set<Int>()
        var b = 0
        while b + 1 < blocks.count {
            guard let first = values[b] else { b += 1; continue }
            var run: [Int] = []
            var expected = first, i = b
            while i + 1 < blocks.count, values[i] == expected, values[i + 1] == nil {
                run.append(i + 1)
                expected += 1
                i += 2
            }
            if run.count >= numberedItemsMinimum { items.formUnion(run); b = i } else { b += 1 }
        }
        return items
    }

    /// `patternOutcomes`, moved out (for another evaluation of the same document to add to in place).
    mutating func takePatternOutcomes() -> PatternOutcomes {
        defer { patternOutcomes = PatternOutcomes() }
        return patternOutcomes
    }

    mutating func run() -> CleaningResult {
        let blocks = document.blocks
        let n = blocks.count
        // Keep and drop decisions are final once a block's rules have run (they outrank cuts and trims),
        // so their verdicts are made right away from two lists reused across blocks.
        var verdicts: [Settling?] = Array(repeating: nil, count: n)
        var keepRules: [Int] = [], dropRules: [Int] = []
        var classRule = [Int](repeating: -1, count: n)
        var trimHead = [Int](repeating: -1, count: n)
        var trimTail = [Int](repeating: -1, count: n)
        var listHead = [Int](repeating: -1, count: n)
        var cutEnd: (block: Int, rule: Int)? = nil
        var cutStart: (block: Int, rule: Int)? = nil

        let plan = self.plan, phraseRules = plan.phraseRules, prefixRule = plan.prefixRule
        let whens = plan.whens, unlesses = plan.unlesses
        // The loop reads blocks, gates and facts through pointers: subscripting the arrays copied each
        // ~200-byte block and gate for every candidate rule, and reading the rule objects retained them.
        let gateList = gates, factList = facts
        blocks.withUnsafeBufferPointer { blockBuffer in
        gateList.withUnsafeBufferPointer { gateBuffer in
        factList.withUnsafeBufferPointer { facts in
            let gates = gateBuffer.baseAddress!
            /// 0: no phrase rule admits the block's word count in its scope; 1: only prefix rules do (only
            /// the start of the core text matters); 2: some other phrase rule does.
            func needsPhrases(_ block: UnsafePointer<Block>) -> Int {
                var need = 0
                for r in phraseRules {
                    if gates[r].when.words.max < block.pointee.features.words { break }
                    if gates[r].inScope(block, of: n) {
                        if !prefixRule[r] { return 2 }
                        need = 1
                    }
                }
                return need
            }
            // The candidates of a block as a bit set by rule index: a rule is in one list only (direct, or
            // its one phrase slot's), so reading the bits upwards visits each candidate once, in rule
            // order, as sorting the merged lists did (appending and sorting cost more than the rules' checks).
            let words = plan.candidateWords
            let candidates = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
            defer { candidates.deallocate() }
            // The block's measures in raw memory: read from the inline tuple, every bound copied the tuple.
            let measures = UnsafeMutablePointer<Double>.allocate(capacity: Measures.count)
            defer { measures.deallocate() }
            // The facts the plan filters by (see `RulePlan.factKinds`), and the stride of each in the
            // number of a combination of their values.
            let factKinds = plan.factKinds, factStrides = plan.factStrides, hasFirstCharacterRules = plan.hasFirstCharacterRules
            let hasFinalCharacterRules = plan.hasFinalCharacterRules
            for b in 0..<n {
                let block = blockBuffer.baseAddress! + b
                // Emptied only when they hold rules: `removeAll(keepingCapacity:)` is a call that replaces
                // a subrange, for every block.
                if !keepRules.isEmpty { keepRules.removeAll(keepingCapacity: true) }
                if !dropRules.isEmpty { dropRules.removeAll(keepingCapacity: true) }
                plan.directCandidates(block, into: candidates)
                switch needsPhrases(block) {
                case 2:
                    phraseHits(b).forEach { slot in plan.addSlotRules(slot, to: candidates) }
                case 1:
                    // Long blocks that only prefix rules admit: their candidates come from the start of the
                    // core text. A candidate's phrase condition then asks `phraseHits` as usual.
                    prefixHits(b).forEach { slot in plan.addSlotRules(slot, to: candidates) }
                default: break
                }
                // The block's features read in place, not copied.
                var combination = 0
                for k in 0..<factKinds.count {
                    let value: Int
                    switch factKinds[k] {
                    case .terminalPunctuation: value = block.pointee.features.endsWithTerminal ? 1 : 0
                    case .repeated: value = block.pointee.occurrences > 1 ? 1 : 0
                    case .shape: value = BlockFact.index(block.pointee.features.shape)
                    case .numberedItem: value = isNumberedItem(b) ? 1 : 0
                    case .departsFromBody: value = departsFromBody(block) ? 1 : 0
                    case .inDepartingTail: value = isInDepartingTail(b) ? 1 : 0
                    case .knownLanguage: value = hasLanguage ? 1 : 0
                    }
                    combination &+= value &* factStrides[k]
                }
                plan.filterByFacts(candidates, combination: combination)
                if hasFirstCharacterRules && plan.needsFirstCharacter(candidates) {
                    if firstScalarBlock != b {
                        firstScalarValue = firstScalar(of: block.pointee.range)
                        firstScalarBlock = b
                    }
                    plan.filterByFirstCharacter(candidates, firstScalarValue)
                }
                if hasFinalCharacterRules && plan.needsFinalCharacter(candidates) {
                    let range = block.pointee.range
                    let last = document.bytes.withUnsafeBufferPointer { FinalScalars.lastASCIIByte(UnsafeBufferPointer(rebasing: $0[range])) }
                    if last >= 0 { plan.filterByFinalCharacter(candidates, last) }
                }
                Measures(block).values.copy(into: measures)
                for w in 0..<words {
                var pending = candidates[w]
                while pending != 0 {
                    let r = w << 6 | pending.trailingZeroBitCount
                    pending &= pending - 1
                    let gate = gates + r
                    if gate.pointee.classifies && classRule[b] >= 0 { continue }
                    guard gate.pointee.inScope(block, of: n), plan.whenAdmits(r, measures) else { continue }
                    // In place: a copy of the ~200-byte facts per candidate cost a memcpy call.
                    let fact = facts.baseAddress! + r
                    // The conditions are read only when a condition beyond the plain numbers needs them, as
                    // unmanaged references (the plan's rules own them): reading them from the rule objects
                    // retained and released the rule and the condition every time.
                    let whenChecks = fact.pointee.whenChecks, unlessChecks = fact.pointee.unlessChecks
                    if whenChecks != 0 && !whens[r]._withUnsafeGuaranteedRef({ holdsBeyondNumbers($0, whenChecks, b, block) }) { continue }
                    if fact.pointee.unless != nil, plan.unlessAdmits(r, measures),
                       unlessChecks == 0 || unlesses[r]!._withUnsafeGuaranteedRef({ holdsBeyondNumbers($0, unlessChecks, b, block) }) { continue }
                    switch fact.pointee.action {
                    case .keep: keepRules.append(r)
                    case .drop: dropRules.append(r)
                    case .dropList: dropRules.append(r); if listHead[b] < 0 { listHead[b] = r }
                    case .dropToEnd: if cutEnd == nil || b < cutEnd!.block { cutEnd = (b, r) }
                    case .dropToStart: if cutStart == nil || b > cutStart!.block { cutStart = (b, r) }
                    case .trim:
                        if fact.pointee.trimsHead { if trimHead[b] < 0 { trimHead[b] = r } } else if trimTail[b] < 0 { trimTail[b] = r }
                    case .good, .nearGood, .short, .bad: classRule[b] = r
                    }
                }
                }
                if !keepRules.isEmpty {
                    verdicts[b] = Settling(keep: true, decision: .rule, rules: ruleList(keepRules))
                } else if !dropRules.isEmpty {
                    verdicts[b] = Settling(keep: false, decision: .rule, rules: ruleList(dropRules), kind: facts[dropRules[0]].kind)
                }
            }
        }
        }
        }

        dropLists(&verdicts, listHead)
        // Cuts, on the blocks no keep or drop rule decided.
        for b in 0..<n where verdicts[b] == nil {
            if let cut = cutEnd, b >= cut.block {
                verdicts[b] = Settling(keep: false, decision: b == cut.block ? .rule : .cut, rules: Int32(cut.rule), kind: facts[cut.rule].kind)
                verdicts[b]!.byCut = true
            } else if let cut = cutStart, b <= cut.block {
                verdicts[b] = Settling(keep: false, decision: b == cut.block ? .rule : .cut, rules: Int32(cut.rule), kind: facts[cut.rule].kind)
                verdicts[b]!.byCut = true
            }
        }
        trim(&verdicts, trimTail, order: Array((0..<n).reversed()))
        trim(&verdicts, trimHead, order: Array(0..<n))

        var warnings: [String] = []
        if mode == .page {
            settlePage(&verdicts, classRule)
        } else if settleExtracted(&verdicts) {
            warnings.append("the rules would remove more than half of this extracted text; their removals were overruled (only cuts such as trailing disclaimers stand)")
        }

        var residueSign = false
        for b in 0..<n where !verdicts[b]!.keep && verdicts[b]!.decision != .fallback && signsResidue(verdicts[b]!.rules) {
            residueSign = true
            break
        }
        var final: [BlockVerdict] = []
        final.reserveCapacity(n)
        for b in 0..<n {
            let settled = verdicts[b]!
            var v = BlockVerdict(keep: settled.keep, decision: settled.decision, rules: ids(settled.rules), kind: settled.kind)
            v.byCut = settled.byCut
            if classRule[b] >= 0 { v.leanings = idLists[classRule[b]] }
            if collectEvidence {
                for id in v.rules where v.decision == .rule {
                    if let rule = rules.first(where: { $0.id == id }) {
                        v.evidence.append("\(id): " + explain(rule.when, b).joined(separator: ", "))
                    }
                }
            }
            final.append(v)
        }
        var result = CleaningResult(document: document, verdicts: final, mode: mode, warnings: warnings)
        result.residueSign = residueSign
        return result
    }

    /// `Settling.rules` for the given rules (at least one): several are kept in `ruleLists`.
    private mutating func ruleList(_ fired: [Int]) -> Int32 {
        if fired.count == 1 { return Int32(fired[0]) }
        ruleLists.append(fired)
        return -1 - Int32(ruleLists.count)
    }

    /// The ids of a `Settling.rules`, sharing the one-element lists.
    private func ids(_ list: Int32) -> [String] {
        if list >= 0 { return idLists[Int(list)] }
        if list == Settling.none { return [] }
        return ruleLists[Int(-2 - list)].map { rules[$0].id }
    }

    /// Whether a `Settling.rules` names a residue rule (`RulePlan.residue`).
    private func namesResidue(_ list: Int32) -> Bool {
        if list >= 0 { return plan.residue[Int(list)] }
        if list == Settling.none { return false }
        return ruleLists[Int(-2 - list)].contains { plan.residue[$0] }
    }

    /// Whether a `Settling.rules` names a rule that tells residue by more than a line's shape
    /// (`RulePlan.residueSign`).
    private func signsResidue(_ list: Int32) -> Bool {
        if list >= 0 { return plan.residueSign[Int(list)] }
        if list == Settling.none { return false }
        return ruleLists[Int(-2 - list)].contains { plan.residueSign[$0] }
    }

    /// Removes blocks a trim rule fired on, from one edge inwards, passing over blocks removed anyway
    /// and stopping at the first other block.
    private func trim(_ verdicts: inout [Settling?], _ fired: [Int], order: [Int]) {
        for b in order {
            if let keep = verdicts[b]?.keep {
                if keep { return }
                continue
            }
            guard fired[b] >= 0 else { return }
            verdicts[b] = Settling(keep: false, decision: .rule, rules: Int32(fired[b]), kind: facts[fired[b]].kind)
        }
    }

    /// The lists after the headers a `drop-list` rule removed: each following line without sentence
    /// punctuation of at most `RuleAction.listItemWords` words, passing over lines removed anyway and
    /// stopping at the first other line (a sentence, a longer line, a protected one, or a Markdown
    /// heading without a link when the header is not a heading itself: in a converted page the
    /// article's next section, not a teaser, which a related list writes as a link).
    private func dropLists(_ verdicts: inout [Settling?], _ heads: [Int]) {
        let blocks = document.blocks
        for h in blocks.indices where heads[h] >= 0 && verdicts[h]?.keep == false && blocks[h].proseBefore >= RuleAction.listProseBefore {
            let headerIsHeading = isMarkdownHeading(blocks[h]) != nil
            var b = h + 1
            while b < blocks.count {
                if let keep = verdicts[b]?.keep {
                    if keep { break }
                    b += 1
                    continue
                }
                let f = blocks[b].features
                guard !f.endsWithTerminal, f.words <= RuleAction.listItemWords else { break }
                if !headerIsHeading, isMarkdownHeading(blocks[b]) == false { break }
                verdicts[b] = Settling(keep: false, decision: .cut, rules: Int32(heads[h]), kind: facts[heads[h]].kind)
                b += 1
            }
        }
    }

    /// Whether a block is a Markdown ATX heading ("## Title": one to six number signs, a space, text),
    /// and if so whether it holds a link ("](" as in "### [Title](url)"); nil when it is no heading.
    private func isMarkdownHeading(_ block: Block) -> Bool? {
        document.withBytes(of: block) { bytes -> Bool? in
            var i = 0
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            var hashes = 0
            while i < bytes.count, bytes[i] == 0x23 { hashes += 1; i += 1 }
            guard (1...6).contains(hashes), i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 else { return nil }
            var j = i
            while j + 1 < bytes.count {
                if bytes[j] == 0x5D, bytes[j + 1] == 0x28 { return true }
                j += 1
            }
            return false
        }
    }

    /// Returns whether the rules' removals were overruled: when they would take more than
    /// `extractedMaxRemoved` of the text and, if it has prose (blocks of at least 8 words that end a
    /// sentence), more than that share of its prose too. Short lines removed in numbers (a video list, a
    /// widget's labels and headlines) leave a text whose sentences all stay, and stand.
    private func settleExtracted(_ verdicts: inout [Settling?]) -> Bool {
        let blocks = document.blocks
        var total = 0, removed = 0, prose = 0, proseRemoved = 0
        for b in blocks.indices {
            let f = blocks[b].features
            let gone = verdicts[b]?.keep == false && verdicts[b]?.byCut == false
            total += f.length
            if gone { removed += f.length }
            if f.words >= 8 && f.endsWithTerminal {
                prose += f.length
                if gone { proseRemoved += f.length }
            }
        }
        let overrule = total > 0 && Double(removed) > Self.extractedMaxRemoved * Double(total)
            && (prose == 0 || Double(proseRemoved) > Self.extractedMaxRemoved * Double(prose))
        for b in blocks.indices {
            if verdicts[b] == nil {
                verdicts[b] = Settling(keep: true, decision: .default)
            } else if overrule && verdicts[b]?.keep == false && verdicts[b]?.byCut == false {
                verdicts[b] = Settling(keep: true, decision: .fallback, rules: verdicts[b]!.rules)
            }
        }
        return overrule
    }

    /// jusText's context revision, then the main region.
    private func settlePage(_ verdicts: inout [Settling?], _ classRule: [Int]) {
        let blocks = document.blocks
        let n = blocks.count
        var cls = [PageClass](repeating: .nearGood, count: n)
        for b in 0..<n {
            if let keep = verdicts[b]?.keep { cls[b] = keep ? .good : .bad; continue }
            if classRule[b] >= 0 {
                switch facts[classRule[b]].action {
                case .good: cls[b] = .good
                case .nearGood: cls[b] = .nearGood
                case .short: cls[b] = .short
                default: cls[b] = .bad
                }
            }
        }
        sectionLabels(&cls, classRule)
        let initial = cls
        // Nearest neighbour of a block whose class is not ignored; the document's edges count as bad.
        func neighbour(_ b: Int, _ step: Int, _ classes: [PageClass], ignoreNearGood: Bool) -> PageClass {
            var i = b + step
            while i >= 0 && i < n {
                let c = classes[i]
                if c != .short && !(ignoreNearGood && c == .nearGood) { return c }
                i += step
            }
            return .bad
        }
        // Short blocks, by their nearest good or bad neighbours.
        for b in 0..<n where initial[b] == .short {
            let p = neighbour(b, -1, initial, ignoreNearGood: true), q = neighbour(b, 1, initial, ignoreNearGood: true)
            if p == .bad && q == .bad { cls[b] = .bad }
            else if p == .good && q == .good { cls[b] = .good }
            else if p == .bad { cls[b] = neighbour(b, -1, initial, ignoreNearGood: false) == .nearGood ? .good : .bad }
            else { cls[b] = neighbour(b, 1, initial, ignoreNearGood: false) == .nearGood ? .good : .bad }
        }
        // Near-good blocks, by their nearest good or bad neighbours after that.
        let revised = cls
        for b in 0..<n where revised[b] == .nearGood {
            let p = neighbour(b, -1, revised, ignoreNearGood: true), q = neighbour(b, 1, revised, ignoreNearGood: true)
            cls[b] = (p == .bad && q == .bad) ? .bad : .good
        }

        // Main region: the span maximising good length minus penalised other length. A good list item
        // that ends no sentence ("* Headline of another story Its standfirst") weighs nothing either
        // way: a long teaser list would otherwise outweigh the article it follows. The items of a list
        // inside the article are kept with the region around them, and a list right at its edge (an
        // article's key points under its lead) joins it, up to the first line that is not such an item.
        let listItem = blocks.indices.map { b in
            cls[b] == .good && !blocks[b].features.endsWithTerminal && opensWithBullet(blocks[b])
        }
        var best = (score: 0.0, start: 0, end: -1)
        var running = 0.0, start = 0
        for b in 0..<n where !listItem[b] {
            let len = Double(max(1, blocks[b].features.length))
            running += cls[b] == .good ? len : -Self.regionPenalty * len
            if running <= 0 { running = 0; start = b + 1; continue }
            if running > best.score { best = (running, start, b) }
        }
        if best.end >= best.start {
            while best.end + 1 < n && listItem[best.end + 1] { best.end += 1 }
            while best.start > 0 && listItem[best.start - 1] { best.start -= 1 }
        }
        var inRegion = [Bool](repeating: false, count: n)
        if best.end >= best.start { for b in best.start...best.end { inRegion[b] = true } }
        // Blocks a rule decided before this pass (drops, cuts, trims): never titles nor thread separators.
        let decidedBefore = verdicts.map { $0 != nil }
        if best.end >= best.start {
            extendThread(&inRegion, &cls, from: best.start, to: best.end, initial: initial)
            threadBySeparators(&inRegion, &cls, from: best.start, to: best.end, initial: initial, decided: decidedBefore)
        }
        // Title lines just before the region. A headline often occurs twice, as the page's title in its
        // head and as the article's heading: a line whose only other copy lies further up the page still
        // counts, and only this copy (the nearer to the region) is kept.
        func isTitleCopy(_ t: Int) -> Bool {
            let occurrences = blocks[t].occurrences
            if occurrences == 1 { return true }
            guard occurrences == 2 else { return false }
            let hash = blocks[t].features.hash
            return (0..<t).contains { blocks[$0].features.hash == hash }
        }
        /// The title lines: the blocks just before `start` (a range: a Set was hashed for every block).
        func titleLines(before start: Int) -> Range<Int> {
            var count = 0
            var t = start - 1
            while t >= 0 && count < Self.titleLines {
                let f = blocks[t].features
                guard !decidedBefore[t], Self.titleLength.contains(f.length), f.letters > 0, isTitleCopy(t),
                      initial[t] != .bad || classRule[t] < 0 || rules[classRule[t]].spec.when.phrases == nil,
                      !opensWithBullet(blocks[t]) else { break }
                count += 1
                t -= 1
            }
            return (start - count)..<start
        }
        let titles = best.end >= best.start ? titleLines(before: best.start) : 0..<0
        // Prose above the region: an article's opening paragraphs, cut off from the rest by a caption, an
        // advertisement or an inline link list, are kept when a classifying rule took them for prose
        // (`good`, not revised) and they end a sentence. Below the region the same lines are more often
        // readers' comments and teasers than article (docs/accuracy.md, session 10).
        if best.end >= best.start {
            for b in 0..<best.start where initial[b] == .good && cls[b] == .good && verdicts[b] == nil
                && blocks[b].features.endsWithTerminal {
                inRegion[b] = true
            }
        }
        var anyKept = false
        for b in 0..<n {
            if let keep = verdicts[b]?.keep { if keep { anyKept = true }; continue }
            let keep = (inRegion[b] && cls[b] == .good) || titles.contains(b)
            anyKept = anyKept || keep
            var v = Settling(keep: keep, decision: initial[b] == cls[b] ? .rule : .context,
                             rules: classRule[b] >= 0 ? Int32(classRule[b]) : Settling.none)
            if !keep { v.kind = classRule[b] >= 0 ? facts[classRule[b]].kind : .other }
            if !keep && cls[b] == .good && !inRegion[b] { v.decision = .context }
            verdicts[b] = v
        }
        // Nothing kept: fall back to the blocks that look like prose. Not to a block a residue rule (one
        // with phrases or a pattern, not a page class) matched or cut: a copyright line, a row of share
        // captions or the headlines under a related-articles header are residue whether or not the page's
        // text was found.
        if !anyKept {
            var first: Int? = nil
            for b in 0..<n where verdicts[b]!.decision != .rule || verdicts[b]!.keep == false {
                let decision = verdicts[b]!.decision
                if (decision == .rule || decision == .cut) && namesResidue(verdicts[b]!.rules) { continue }
                let f = blocks[b].features
                if (f.endsWithTerminal && f.length >= 20) || f.length >= 40 {
                    if verdicts[b]!.rules == Settling.none || classRule[b] >= 0 {
                        verdicts[b]!.keep = true; verdicts[b]!.decision = .fallback
                        if first == nil { first = b }
                    }
                }
            }
            // The headline just above the first restored block, as above the main region.
            if let first { for t in titleLines(before: first) { verdicts[t]!.keep = true; verdicts[t]!.decision = .fallback } }
        }
    }

    /// Page mode: a line that occurs exactly twice with prose before the first copy, between the two and
    /// after the second is a section label repeated inside the article ("Ingredients" and "Method" over
    /// a recipe's two parts, "Pros" and "Cons" of each product), not a menu repeated in a page's header
    /// and footer, which has no prose above its first copy or none below its second, nor a headline
    /// repeated in two teaser lists (more than `sectionLabelWords` words) or a feed's time stamp (digits). A repeated-line
    /// class rule's `bad` becomes `short`: its neighbours decide.
    private func sectionLabels(_ cls: inout [PageClass], _ classRule: [Int]) {
        let blocks = document.blocks
        var goodBefore = [Int](repeating: 0, count: blocks.count + 1)  // good blocks before index i
        for b in blocks.indices { goodBefore[b + 1] = goodBefore[b] + (cls[b] == .good ? 1 : 0) }
        let goodTotal = goodBefore[blocks.count]
        for b in blocks.indices where cls[b] == .bad && blocks[b].occurrences == 2 && blocks[b].firstOccurrence < b
            && blocks[b].features.words <= Self.sectionLabelWords && blocks[b].features.digits == 0 && classRule[b] >= 0 && rules[classRule[b]].spec.when.repeated == true {
            let first = blocks[b].firstOccurrence
            guard classRule[first] == classRule[b], goodBefore[first] > 0,
                  goodBefore[b] > goodBefore[first + 1], goodTotal > goodBefore[b + 1] else { continue }
            cls[first] = .short
            cls[b] = .short
        }
    }

    /// Threads (forum posts, readers' comments): the main region grows past its ends to further post text
    /// when every gap it crosses is short and holds a line repeated on the page at least
    /// `threadSeparatorRepeats` times (a reply heading, a "quote" button, a profile link): the header of the
    /// next post. Post text is what the first pass called good or near-good; a near-good line alone between
    /// headers loses the jusText revision, so reaching it restores it. Teaser lists rarely pass: their
    /// items seldom leave a good or near-good line next to the main region.
    private func extendThread(_ inRegion: inout [Bool], _ cls: inout [PageClass], from start: Int, to end: Int,
                              initial: [PageClass]) {
        let blocks = document.blocks, n = blocks.count
        let classes = cls
        func isPostText(_ i: Int) -> Bool { classes[i] == .good || initial[i] == .nearGood }
        // The blocks strictly between two post lines form a post header.
        func isPostHeader(_ a: Int, _ b: Int) -> Bool {
            if b <= a { return true }
            if b - a > Self.threadGapBlocks { return false }
            return (a..<b).contains { blocks[$0].occurrences >= Self.threadSeparatorRepeats && blocks[$0].features.letters > 0 }
        }
        var reached: [Int] = [], headers = 0
        var last = end
        for j in (end + 1)..<max(end + 1, n) where isPostText(j) {
            guard isPostHeader(last + 1, j) else { break }
            if j > last + 1 { headers += 1 }
            reached.append(j); last = j
        }
        var first = start
        for j in stride(from: start - 1, through: 0, by: -1) where isPostText(j) {
            guard isPostHeader(j + 1, first) else { break }
            if j + 1 < first { headers += 1 }
            reached.append(j); first = j
        }
        // An item or two past a header is as likely a teaser under a repeated label as a reply.
        guard headers >= Self.threadMinHeaders else { return }
        for b in reached { inRegion[b] = true; cls[b] = .good }
    }

    /// Threads, second way in: a line repeated once per post (a "Quote" or "Reply" button, a reply
    /// heading) cuts the page into posts. When the main region touches such a run, at least
    /// `threadMinPosts` of its segments and `threadPostShare` of them hold post text, and a typical
    /// segment is post-sized (`threadPostBlocks`: a header and a few lines, not a teaser of two lines nor
    /// a whole section of a portal), everything that reads as text between its first and last occurrence
    /// is kept: post text and short lines that occur once (dates, names, signatures), not the repeated
    /// buttons. With several such lines, the one that frames the most posts wins. Lines a drop rule
    /// already removed (a comment section's "reply" label) do not count: they frame readers' comments
    /// under an article, which are not its text.
    private func threadBySeparators(_ inRegion: inout [Bool], _ cls: inout [PageClass], from start: Int, to end: Int,
                                    initial: [PageClass], decided: [Bool]) {
        let blocks = document.blocks
        var positions: [UInt64: [Int]] = [:]
        for b in blocks.indices {
            let f = blocks[b].features
            if blocks[b].occurrences >= Self.threadSeparatorRepeats && f.letters > 0
                && f.length <= Self.threadSeparatorLength && initial[b] != .good && !decided[b] {
                positions[f.hash, default: []].append(b)
            }
        }
        func isPostText(_ i: Int) -> Bool { initial[i] == .good || initial[i] == .nearGood }
        var thread: (first: Int, last: Int, posts: Int)? = nil
        for (_, ps) in positions where ps.count >= Self.threadSeparatorRepeats {
            guard ps.first! <= end + 1 && ps.last! >= start - 1 else { continue }
            var posts = 0, sizes: [Int] = []
            for i in 1..<ps.count {
                let a = ps[i - 1] + 1, b = ps[i]
                sizes.append(b - a)
                if (a..<b).contains(where: isPostText) { posts += 1 }
            }
            sizes.sort()
            let typical = sizes[sizes.count / 2]
            guard posts >= Self.threadMinPosts, Double(posts) >= Self.threadPostShare * Double(sizes.count),
                  Self.threadPostBlocks.contains(typical) else { continue }
            // Ties go to the line that starts first: the dictionary's order changes from run to run.
            if thread == nil || posts > thread!.posts || (posts == thread!.posts && ps.first! < thread!.first) {
                thread = (ps.first!, ps.last!, posts)
            }
        }
        guard let thread else { return }
        for b in thread.first...thread.last {
            let once = initial[b] == .short && blocks[b].occurrences < Self.threadSeparatorRepeats && blocks[b].features.letters > 0
            if isPostText(b) || once { inRegion[b] = true; cls[b] = .good }
        }
    }

    private func isNumberedItem(_ b: Int) -> Bool { b < numberedItems.count && numberedItems[b] }

    /// A block with letters whose script is not the body's (nor one that goes with it); its features
    /// read in place, not copied.
    private func departsFromBody(_ block: UnsafePointer<Block>) -> Bool {
        block.pointee.features.letters > 0 && bodyScript > 1 && !UnicodeScripts.belongs(block.pointee.features.dominantScript, toBody: bodyScript)
    }

    /// A block at or after the start of a tail written in other scripts than the body's.
    private func isInDepartingTail(_ b: Int) -> Bool { tailDeparture.map { b >= $0 } ?? false }

    /// The block's first character that is not white space or an opening bracket.
    private func firstScalar(of range: Range<Int>) -> UInt32 {
        document.bytes.withUnsafeBufferPointer { bytes in
            let t = UnsafeBufferPointer(rebasing: bytes[range])
            // Printable ASCII other than the space is no white space: most blocks open so.
            if let b = t.first, b > 0x20 && b < 0x7F {
                if b != 0x28 && b != 0x5B && b != 0x3C { return UInt32(b) }
            }
            // Unretained (the shared table lives as long as the process): fetching it retained it per block.
            return characterTable._withUnsafeGuaranteedRef { table in
                var i = 0
                while i < t.count {
                    let (scalar, len) = decodeScalar(t, at: i)
                    if !table.characterClass(scalar).contains(.space) && scalar != 0x28 && scalar != 0x5B && scalar != 0x3C { return scalar }
                    i += len
                }
                return 0
            }
        }
    }

    private mutating func phraseHits(_ b: Int) -> SlotSet {
        if let h = hits, h.block == b { return h.slots }
        if let shared = sharedHits?[b] {
            hits = (b, shared)
            return shared
        }
        // Only locals in the closures: capturing `self` here copied the whole document for every block.
        let range = document.blocks[b].range, folder = self.folder, phrases = self.phrases
        let repeated = document.blocks[b].occurrences > 1, first = document.blocks[b].firstOccurrence
        if repeated && repeatEntries.isEmpty { repeatEntries = [Int32](repeating: 0, count: document.blocks.count) }
        if repeated, repeatEntries[first] != 0, case let seen = repeatHits[Int(repeatEntries[first]) - 1], seen.range.count == range.count {
            let same = document.bytes.withUnsafeBufferPointer { bytes in
                range.isEmpty || memcmp(bytes.baseAddress! + seen.range.lowerBound, bytes.baseAddress! + range.lowerBound, range.count) == 0
            }
            if same {
                hits = (b, seen.slots)
                return seen.slots
            }
        }
        var set = SlotSet()
        if document.blocks[b].coreLength >= 0 {
            // Built by the scanner.
            let start = Int(document.blocks[b].coreStart), end = start + Int(document.blocks[b].coreLength)
            document.cores.withUnsafeBufferPointer { phrases.matches(core: UnsafeBufferPointer(rebasing: $0[start..<end]), into: &set) }
        } else {
            document.bytes.withUnsafeBufferPointer { bytes in
                folder.withCoreText(UnsafeBufferPointer(rebasing: bytes[range])) { phrases.matches(core: $0, into: &set) }
            }
        }
        hits = (b, set)
        if sharedHits != nil { sharedHits![b] = set }
        if repeated && repeatEntries[first] == 0 {
            repeatHits.append((range, set))
            repeatEntries[first] = Int32(repeatHits.count)
        }
        return set
    }

    /// The slots of the prefix phrases that match block `b`'s core text, found on the core's first bytes
    /// only. Not kept as the block's hits: those hold every slot.
    private func prefixHits(_ b: Int) -> SlotSet {
        if let h = hits, h.block == b { return h.slots }
        let range = document.blocks[b].range, folder = self.folder, phrases = self.phrases
        var set = SlotSet()
        if document.blocks[b].coreLength >= 0 {
            // The whole core, built by the scanner: the prefix phrases read only its start.
            let start = Int(document.blocks[b].coreStart), end = start + Int(document.blocks[b].coreLength)
            document.cores.withUnsafeBufferPointer { phrases.prefixMatches(corePrefix: UnsafeBufferPointer(rebasing: $0[start..<end]), into: &set) }
            return set
        }
        document.bytes.withUnsafeBufferPointer { bytes in
            folder.withCorePrefix(UnsafeBufferPointer(rebasing: bytes[range]), minimum: phrases.prefixBytesNeeded) {
                phrases.prefixMatches(corePrefix: $0, into: &set)
            }
        }
        return set
    }

    // MARK: Conditions

    /// Nil when the rule fires on the block; otherwise the first reason it does not.
    mutating func whyNot(_ rule: Rule, _ b: Int) -> String? {
        if !rule.applies(in: mode) { return "rule does not apply in \(mode.rawValue) mode" }
        let inScope = document.blocks.withUnsafeBufferPointer { Gate(rule).inScope($0.baseAddress! + b, of: $0.count) }
        if !inScope { return "out of scope (\(rule.region.rawValue))" }
        if let failed = firstFailing(rule.when, b) { return "condition failed: \(failed)" }
        if let unless = rule.unless, firstFailing(unless, b) == nil { return "its unless conditions hold" }
        return nil
    }

    /// The first condition that does not hold, described with the measured value.
    private mutating func firstFailing(_ condition: Condition, _ b: Int) -> String? {
        let c = condition.spec
        let probes: [(String, (ConditionSpec) -> Bool)] = [
            ("words", { $0.words != nil }), ("chars", { $0.chars != nil }), ("length", { $0.length != nil }), ("sentence-marks", { $0.sentenceMarks != nil }),
            ("prose-before", { $0.proseBefore != nil }), ("first-character", { $0.firstCharacter != nil }), ("prose-after", { $0.proseAfter != nil }),
            ("known-language", { $0.knownLanguage != nil }), ("language", { $0.language != nil }), ("letters", { $0.letters != nil }),
            ("digits", { $0.digits != nil }), ("punctuation", { $0.punctuation != nil }), ("symbols", { $0.symbols != nil }),
            ("stopwords", { $0.stopwords != nil }), ("terminal-punctuation", { $0.terminalPunctuation != nil }),
            ("shape", { $0.shape != nil }), ("repeated", { $0.repeated != nil }), ("numbered-item", { $0.numberedItem != nil }), ("script", { $0.script != nil }),
            ("departs-from-body", { $0.departsFromBody != nil }), ("in-departing-tail", { $0.inDepartingTail != nil }),
            ("sentences", { $0.sentences != nil }), ("phrases", { $0.phrases != nil }), ("pattern", { $0.pattern != nil }),
        ]
        for (name, present) in probes where present(c) {
            let single = condition.only(name)
            if !holds(single, b) { return name + " (" + describe(name, b) + ")" }
        }
        return nil
    }

    private func describe(_ name: String, _ b: Int) -> String {
        let block = document.blocks[b]
        let f = block.features
        switch name {
        case "words": return "words = \(f.words)"
        case "chars": return "chars = \(f.characters)"
        case "length": return "length = \(f.length)"
        case "sentence-marks": return "sentence marks = \(f.sentenceMarks)"
        case "prose-before": return "prose words before = \(block.proseBefore)"
        case "first-character": return "first character U+\(String(firstScalar(of: block.range), radix: 16, uppercase: true))"
        case "prose-after": return "prose words after = \(block.proseAfter)"
        case "known-language", "language": return "language = \(document.profile.language ?? "none")"
        case "letters": return "letters = \(format(f.share(f.letters)))"
        case "digits": return "digits = \(format(f.share(f.digits)))"
        case "punctuation": return "punctuation = \(format(f.share(f.punctuation)))"
        case "symbols": return "symbols = \(format(f.share(f.symbols)))"
        case "stopwords": return "stopwords = \(format(f.stopwordDensity))"
        case "terminal-punctuation": return f.endsWithTerminal ? "ends with sentence punctuation" : "no sentence punctuation at the end"
        case "shape": return "shape = \(f.shape.rawValue)"
        case "repeated": return "occurs \(block.occurrences)×"
        case "numbered-item": return isNumberedItem(b) ? "an item between numbers in sequence" : "not between numbers in sequence"
        case "script", "departs-from-body": return "script = \(UnicodeScripts.name(f.dominantScript)), body = \(UnicodeScripts.name(document.profile.bodyScript))"
        case "in-departing-tail": return "tail departs at block \(document.profile.tailDeparture.map(String.init) ?? "none")"
        case "sentences": return "sentences = \(sentences[b] ?? f.sentenceMarks)"
        case "phrases": return "no phrase matches"
        case "pattern": return "no match"
        default: return ""
        }
    }

    private mutating func holds(_ condition: Condition, _ b: Int) -> Bool {
        let blocks = document.blocks
        return blocks.withUnsafeBufferPointer { blocks in
            let block = blocks.baseAddress! + b
            return NumberBounds(condition).admits(Measures(block)) && holdsBeyondNumbers(condition, condition.beyondNumberChecks, b, block)
        }
    }

    /// The conditions other than `NumberBounds`. Checking those bounds first (separately) keeps the
    /// outcome and the side effects: they are pure, and in the rule-file order they all came before the
    /// cached sentence counts and phrase hits. `checks` are the condition's (`beyondNumberChecks`): only
    /// those are visited, in this order, rather than asking each of the thirteen whether it is set.
    /// `block` points to block `b`.
    private mutating func holdsBeyondNumbers(_ condition: Condition, _ checks: UInt16, _ b: Int, _ block: UnsafePointer<Block>) -> Bool {
        var pending = checks
        while pending != 0 {
            let check = BeyondNumbers(rawValue: UInt16(pending.trailingZeroBitCount))!
            pending &= pending - 1
            if !passes(check, condition, b, block) { return false }
        }
        return true
    }

    @inline(__always)
    private mutating func passes(_ check: BeyondNumbers, _ condition: Condition, _ b: Int, _ block: UnsafePointer<Block>) -> Bool {
        switch check {
        case .firstCharacter:
            if firstScalarBlock != b {
                firstScalarValue = firstScalar(of: block.pointee.range)
                firstScalarBlock = b
            }
            return condition.admitsFirstCharacter(firstScalarValue)
        case .knownLanguage: return condition.spec.knownLanguage! == hasLanguage
        case .language: return condition.spec.language!.contains(language)
        case .terminalPunctuation: return condition.spec.terminalPunctuation! == block.pointee.features.endsWithTerminal
        case .shape: return condition.spec.shape!.contains(block.pointee.features.shape)
        case .repeated: return condition.spec.repeated! == (block.pointee.occurrences > 1)
        case .numberedItem: return condition.spec.numberedItem! == isNumberedItem(b)
        case .script: return condition.admitsScript(block.pointee.features.dominantScript)
        case .departsFromBody: return condition.spec.departsFromBody! == departsFromBody(block)
        case .inDepartingTail: return condition.spec.inDepartingTail! == isInDepartingTail(b)
        case .sentences:
            if sentences[b] == nil { sentences[b] = analyzer.sentences(in: document, block: block.pointee) }
            return condition.spec.sentences!.contains(sentences[b]!)
        case .phrases: return phraseHits(b).contains(condition.phraseSlot)
        case .pattern: return patternMatches(condition, b, block)
        }
    }

    /// A pattern condition: the regex's pre-filters, then ICU's answer, asked once per text (see
    /// `patternOutcomes`).
    private mutating func patternMatches(_ condition: Condition, _ b: Int, _ block: UnsafePointer<Block>) -> Bool {
        // The regex unretained, as the conditions are (the condition owns it): a retain and release
        // per block checked otherwise.
        let range = block.pointee.range, regex = Unmanaged.passUnretained(condition.regex!)
        let mayMatch = document.bytes.withUnsafeBufferPointer { bytes in
            regex._withUnsafeGuaranteedRef { $0.mayMatch(UnsafeBufferPointer(rebasing: bytes[range])) }
        }
        guard mayMatch else { return false }
        // Kept only where another evaluation can ask again: a text that occurs more than once, or any text
        // when `auto` mode's page-mode run follows (or is this run: both share the phrase hits).
        let kept = block.pointee.occurrences > 1 || sharedHits != nil
        let id = ObjectIdentifier(condition), first = Int32(truncatingIfNeeded: kept ? sameText(b, block) : b)
        if kept, let known = patternOutcomes.outcome(id, first) { return known }
        let outcome = document.bytes.withUnsafeBufferPointer { bytes in
            regex._withUnsafeGuaranteedRef { $0.firstMatchByICU(in: UnsafeBufferPointer(rebasing: bytes[range])) }
        }
        let matched: Bool
        if case .match = outcome { matched = true } else { matched = false }
        if kept { patternOutcomes.record(id, first, matched) }
        return matched
    }

    /// The first block whose bytes are exactly block `b`'s: its first occurrence when the bytes match
    /// (the occurrence count compares hashes of the trimmed text), else `b` itself.
    private func sameText(_ b: Int, _ block: UnsafePointer<Block>) -> Int {
        let first = block.pointee.firstOccurrence
        guard block.pointee.occurrences > 1, first != b else { return b }
        let range = block.pointee.range, seen = document.blocks[first].range
        guard seen.count == range.count else { return b }
        let same = document.bytes.withUnsafeBufferPointer { bytes in
            range.isEmpty || memcmp(bytes.baseAddress! + seen.lowerBound, bytes.baseAddress! + range.lowerBound, range.count) == 0
        }
        return same ? first : b
    }

    // MARK: Explanations

    /// The conditions of a rule that held for a block, with the measured values.
    func explain(_ condition: Condition, _ b: Int) -> [String] {
        let block = document.blocks[b]
        let f = block.features
        let c = condition.spec
        var out: [String] = []
        func bounds(_ name: String, _ v: Int, _ bounds: CountBounds) -> String {
            "\(name) \(v)" + (bounds.min.map { " ≥ \($0)" } ?? "") + (bounds.max.map { " ≤ \($0)" } ?? "")
        }
        func share(_ name: String, _ v: Double, _ bounds: ShareBounds) -> String {
            "\(name) \(format(v))" + (bounds.min.map { " ≥ \(format($0))" } ?? "") + (bounds.max.map { " ≤ \(format($0))" } ?? "")
        }
        if let w = c.words { out.append(bounds("words", f.words, w)) }
        if let w = c.chars { out.append(bounds("chars", f.characters, w)) }
        if let w = c.length { out.append(bounds("length", f.length, w)) }
        if let w = c.sentenceMarks { out.append(bounds("sentence marks", f.sentenceMarks, w)) }
        if c.firstCharacter != nil { out.append("first character U+\(String(firstScalar(of: block.range), radix: 16, uppercase: true))") }
        if let w = c.proseBefore { out.append(bounds("prose words before", block.proseBefore, w)) }
        if let w = c.proseAfter { out.append(bounds("prose words after", block.proseAfter, w)) }
        if let k = c.knownLanguage { out.append(k ? "language \(document.profile.language ?? "?")" : "no language recognised") }
        if c.language != nil { out.append("language \(document.profile.language ?? "?")") }
        if let s = c.sentences { out.append(bounds("sentences", sentences[b] ?? f.sentenceMarks, s)) }
        if let s = c.letters { out.append(share("letters", f.share(f.letters), s)) }
        if let s = c.digits { out.append(share("digits", f.share(f.digits), s)) }
        if let s = c.punctuation { out.append(share("punctuation", f.share(f.punctuation), s)) }
        if let s = c.symbols { out.append(share("symbols", f.share(f.symbols), s)) }
        if let s = c.stopwords { out.append(share("stopwords", f.stopwordDensity, s)) }
        if let t = c.terminalPunctuation { out.append(t ? "ends with sentence punctuation" : "no sentence punctuation at the end") }
        if c.shape != nil { out.append("shape \(f.shape.rawValue)") }
        if let r = c.repeated { out.append(r ? "occurs \(block.occurrences)× in the document" : "occurs once") }
        if let r = c.numberedItem { out.append(r ? "item \(isNumberedItem(b) ? "between numbers in sequence" : "?")" : "not a numbered item") }
        if c.script != nil { out.append("script \(UnicodeScripts.name(f.dominantScript))") }
        if c.departsFromBody != nil { out.append("script \(UnicodeScripts.name(f.dominantScript)), body \(UnicodeScripts.name(document.profile.bodyScript))") }
        if c.inDepartingTail != nil { out.append("tail in another script from block \(document.profile.tailDeparture.map(String.init) ?? "-")") }
        if let phrases = c.phrases { out.append("phrase (\(condition.match.rawValue)) among \(phrases.count)") }
        if let p = c.pattern { out.append("pattern /\(p)/") }
        return out
    }
}

/// The rules of one mode and what the evaluator derives from them, made once per cleaner and mode
/// rather than for every document.
final class RulePlan {
    let mode: CleaningMode
    let rules: [Rule]
    let phrases: PhraseIndex
    /// Each rule's id as a one-element list: most verdicts name one rule, and sharing these lists spares
    /// an array allocation per block.
    let idLists: [[String]]
    /// Each rule's scope and the plain-number part of its `when`, by rule index.
    let gates: [Gate]
    /// What else the block loop needs of each rule, by rule index.
    let facts: [RuleFacts]
    /// Rules without phrases in `when`: checked on every block.
    let direct: [Int]
    /// By rule index: the rule's `when` has prefix phrases.
    let prefixRule: [Bool]
    /// Each rule's `when` and `unless`, unretained: `rules` keeps them alive as long as the plan.
    let whens: [Unmanaged<Condition>]
    let unlesses: [Unmanaged<Condition>?]
    /// Rules with phrases in `when`, by phrase slot: checked only where one of their phrases hit.
    let bySlot: [[Int]]
    /// The phrase rules by their word limit, largest first: a block needs phrase matching only if some
    /// phrase rule admits its word count and has it in scope.
    let phraseRules: [Int]
    /// By rule index: a residue rule, one with phrases or a pattern that is not a page class (what page
    /// mode's fallback never restores).
    let residue: [Bool]
    /// By rule index: a removing rule that tells residue by more than a line's shape (not a page class,
    /// not a rule on a shape such as a number or a lone list marker, not one on lines without letters).
    let residueSign: [Bool]
    /// Whether some rule reads `numbered-item` (the evaluator then finds the numbered items once per document).
    let readsNumberedItems: Bool
    /// A block's candidate rules are a bit set by rule index of this many words (see `Evaluator.run`).
    let candidateWords: Int
    /// The direct rules as such a bit set, and each phrase slot's rules (slot s at s * candidateWords).
    /// Raw memory, owned by the plan: the block loop reads them for every block, and arrays held by a
    /// class are retained on each read.
    private let directBits: UnsafeMutablePointer<UInt64>
    private let slotBits: UnsafeMutablePointer<UInt64>
    /// The count bounds of the direct rules (words, chars, length, sentence marks) as bit sets by value,
    /// so a block's direct candidates are only the rules whose counts admit it: most blocks fail most
    /// direct rules on a count, and checking each rule's scope and bounds cost more than the rest of the
    /// loop. For measure m, `countRows[m]` rows (0: no direct rule bounds it) from row `countStarts[m]` of
    /// `countBits`; row v holds the direct rules that admit the value v (with those that do not bound it),
    /// and the last row every larger value, past every bound. A superset of the rules the bounds admit:
    /// `NumberBounds.admits` still decides.
    private let countBits: UnsafeMutablePointer<UInt64>
    private let countRows: UnsafeMutablePointer<Int>
    private let countStarts: UnsafeMutablePointer<Int>
    /// A count table longer than this is not made (its measure is not filtered).
    static let countTableLimit = 4096
    /// The number bounds of every rule's `when` and `unless` (`NumberBounds`) as one list of (measure,
    /// lower, upper), read through `whenAdmits` and `unlessAdmits` with the block's measures in raw memory:
    /// reading the bounds and measures from their inline tuples copied both tuples for every rule checked.
    /// Rule r's `when` bounds are entries whenStart[r] ..< whenStart[r + 1], its `unless` bounds
    /// unlessStart[r] ..< unlessStart[r + 1], by measure upwards as `NumberBounds.admits` reads them.
    /// Block facts that `when` conditions compare with a value (see `BlockFact`), as bit rows by the
    /// fact's value: row v of fact f holds the rules whose `when` admits v, with every rule that does not
    /// read f. The evaluator ANDs the rows of a block's values into its candidates, so rules whose `when`
    /// cannot hold are never visited (they would fail `holdsBeyondNumbers`, whose checks are pure). Only
    /// the facts some rule reads, and their rows ANDed for every combination of values (at most 2^6 × 5
    /// = 320 of them): a block's combination is the sum of `factStrides[k]` times its value of
    /// `factKinds[k]`, and its row in `factCombinationBits` is that combination's. ANDing each fact's row
    /// per block cost ~45 instructions a row.
    let factKinds: [BlockFact]
    let factStrides: [Int]
    private let factCombinationBits: UnsafeMutablePointer<UInt64>
    /// The rules whose `when` has `first-character`, and rows of the rules that admit a first scalar:
    /// `firstCharacterRowIndex` for scalars below U+0100, `firstCharacterScalars` (sorted) with
    /// `firstCharacterScalarRows` for the rest; row 0 (no such rule admits the scalar) for any other.
    let hasFirstCharacterRules: Bool
    private let firstCharacterMask: UnsafeMutablePointer<UInt64>
    private let firstCharacterBits: UnsafeMutablePointer<UInt64>
    private let firstCharacterRowIndex: [UInt8]
    private let firstCharacterScalars: [UInt32]
    private let firstCharacterScalarRows: [Int]
    /// The rules whose `when` has a pattern with final characters (`ICURegex.finalCharacters`), and for
    /// each ASCII byte the row of those that admit a text whose last byte that is not white space it is
    /// (row b at b * candidateWords): rules a block's last character rules out are never visited, where
    /// each cost the checks before its pattern and the regex's own pre-filters (the same answer: the
    /// pattern condition then fails without a side effect). Blocks ending in a byte from U+0080 up are
    /// not filtered.
    let hasFinalCharacterRules: Bool
    private let finalCharacterMask: UnsafeMutablePointer<UInt64>
    private let finalCharacterBits: UnsafeMutablePointer<UInt64>
    private let boundMeasure: UnsafeMutablePointer<Int>
    private let boundLower: UnsafeMutablePointer<Double>
    private let boundUpper: UnsafeMutablePointer<Double>
    private let whenStart: UnsafeMutablePointer<Int>
    private let unlessStart: UnsafeMutablePointer<Int>

    init(_ set: RuleSet, mode: CleaningMode) {
        self.mode = mode
        rules = set.rules.filter { $0.applies(in: mode) }
        phrases = set.phrases
        idLists = rules.map { [$0.id] }
        let gates = rules.map(Gate.init)
        self.gates = gates
        facts = rules.map(RuleFacts.init)
        var direct: [Int] = [], phraseRules: [Int] = []
        var bySlot = [[Int]](repeating: [], count: set.phrases.slotCount)
        for (r, rule) in rules.enumerated() {
            if rule.when.phraseSlot >= 0 {
                bySlot[rule.when.phraseSlot].append(r)
                phraseRules.append(r)
            } else {
                direct.append(r)
            }
        }
        phraseRules.sort { gates[$0].when.words.max > gates[$1].when.words.max }
        self.direct = direct
        prefixRule = rules.map { $0.when.phraseSlot >= 0 && $0.when.match == .prefix }
        whens = rules.map { Unmanaged.passUnretained($0.when) }
        unlesses = rules.map { $0.unless.map { Unmanaged.passUnretained($0) } }
        self.bySlot = bySlot
        self.phraseRules = phraseRules
        residue = rules.map { r in !r.action.isClassification && (r.spec.when.phrases != nil || r.spec.when.pattern != nil) }
        residueSign = rules.map { r in !r.action.isClassification && r.action != .keep && r.spec.when.shape == nil && r.spec.when.letters?.max != 0 }
        readsNumberedItems = rules.contains { $0.spec.when.numberedItem != nil || $0.spec.unless?.numberedItem != nil }

        let words = max(1, (rules.count + 63) / 64)
        candidateWords = words
        directBits = .allocate(capacity: words)
        directBits.initialize(repeating: 0, count: words)
        for r in direct { directBits[r >> 6] |= 1 << UInt64(r & 63) }
        slotBits = .allocate(capacity: max(1, bySlot.count * words))
        slotBits.initialize(repeating: 0, count: max(1, bySlot.count * words))
        for (slot, list) in bySlot.enumerated() {
            for r in list { slotBits[slot * words + (r >> 6)] |= 1 << UInt64(r & 63) }
        }
        let rules = self.rules
        let bounds: [(Rule) -> CountBounds?] = [{ $0.spec.when.words }, { $0.spec.when.chars }, { $0.spec.when.length }, { $0.spec.when.sentenceMarks }]
        var tables: [UInt64] = [], rows: [Int] = [], starts: [Int] = []
        for bound in bounds {
            // Past the largest minimum and the largest maximum plus one, every rule's answer stays the same.
            var last = 0
            for r in direct { if let b = bound(rules[r]) { last = max(last, b.min ?? 0, (b.max ?? -1) + 1) } }
            let filtered = direct.contains { bound(rules[$0]) != nil } && last < Self.countTableLimit
            starts.append(tables.count / words)
            rows.append(filtered ? last + 1 : 0)
            guard filtered else { continue }
            for v in 0...last {
                var row = [UInt64](repeating: 0, count: words)
                for r in direct where bound(rules[r])?.contains(v) ?? true { row[r >> 6] |= 1 << UInt64(r & 63) }
                tables += row
            }
        }
        countBits = .allocate(capacity: max(1, tables.count))
        countBits.initialize(repeating: 0, count: max(1, tables.count))
        for (i, w) in tables.enumerated() { countBits[i] = w }
        countRows = .allocate(capacity: 4)
        countStarts = .allocate(capacity: 4)
        for m in 0..<4 { countRows[m] = rows[m]; countStarts[m] = starts[m] }

        var measureList: [Int] = [], lowers: [Double] = [], uppers: [Double] = []
        var whenStarts: [Int] = [], unlessStarts: [Int] = []
        func append(_ bounds: NumberBounds?) {
            guard let bounds else { return }
            var bits = bounds.set
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                bits &= bits - 1
                measureList.append(i)
                lowers.append(bounds.lower[i])
                uppers.append(bounds.upper[i])
            }
        }
        for gate in gates { whenStarts.append(measureList.count); append(gate.when) }
        whenStarts.append(measureList.count)
        for fact in facts { unlessStarts.append(measureList.count); append(fact.unless) }
        unlessStarts.append(measureList.count)
        boundMeasure = Self.raw(measureList)
        boundLower = Self.raw(lowers)
        boundUpper = Self.raw(uppers)
        whenStart = Self.raw(whenStarts)
        unlessStart = Self.raw(unlessStarts)

        var kinds: [BlockFact] = [], strides: [Int] = [], factRows: [[[UInt64]]] = []
        var combinations = 1
        for fact in BlockFact.allCases {
            let reads = rules.indices.filter { fact.isRead(by: rules[$0].when) }
            guard !reads.isEmpty else { continue }
            kinds.append(fact)
            strides.append(combinations)
            combinations *= fact.values
            factRows.append((0..<fact.values).map { v in
                var row = [UInt64](repeating: ~0, count: words)
                for r in reads where !fact.admits(rules[r].when, v) { row[r >> 6] &= ~(1 << UInt64(r & 63)) }
                return row
            })
        }
        var combinationRows = [UInt64](repeating: ~0, count: combinations * words)
        for c in 0..<combinations {
            for k in kinds.indices {
                let row = factRows[k][(c / strides[k]) % kinds[k].values]
                for w in 0..<words { combinationRows[c * words + w] &= row[w] }
            }
        }
        factKinds = kinds
        factStrides = strides
        factCombinationBits = Self.raw(combinationRows)

        let firstCharacterRules = rules.indices.filter { rules[$0].when.firstCharacters != nil }
        hasFirstCharacterRules = !firstCharacterRules.isEmpty
        var mask = [UInt64](repeating: 0, count: words)
        for r in firstCharacterRules { mask[r >> 6] |= 1 << UInt64(r & 63) }
        firstCharacterMask = Self.raw(mask)
        let scalars = Set(firstCharacterRules.flatMap { rules[$0].when.firstCharacters! }).sorted()
        func row(_ scalar: UInt32?) -> [UInt64] {
            var row = [UInt64](repeating: 0, count: words)
            if let scalar { for r in firstCharacterRules where rules[r].when.admitsFirstCharacter(scalar) { row[r >> 6] |= 1 << UInt64(r & 63) } }
            return row
        }
        var firstRows = row(nil), rowIndex = [UInt8](repeating: 0, count: 256), bigScalars: [UInt32] = [], bigRows: [Int] = []
        for scalar in scalars {
            let index = firstRows.count / words
            firstRows += row(scalar)
            if scalar < 256 { rowIndex[Int(scalar)] = UInt8(truncatingIfNeeded: index) } else { bigScalars.append(scalar); bigRows.append(index) }
        }
        // More than 255 rows of scalars below U+0100 do not fit the index: then no filter (every row admits all).
        if scalars.count > 254 { firstRows = [UInt64](repeating: ~0, count: words); rowIndex = [UInt8](repeating: 0, count: 256); bigScalars = []; bigRows = [] }
        firstCharacterBits = Self.raw(firstRows)
        firstCharacterRowIndex = rowIndex
        firstCharacterScalars = bigScalars
        firstCharacterScalarRows = bigRows

        let finalCharacterRules = rules.indices.filter { rules[$0].when.regex?.finalCharacters != nil }
        hasFinalCharacterRules = !finalCharacterRules.isEmpty
        var finalMask = [UInt64](repeating: 0, count: words)
        for r in finalCharacterRules { finalMask[r >> 6] |= 1 << UInt64(r & 63) }
        finalCharacterMask = Self.raw(finalMask)
        var finalRows = [UInt64](repeating: 0, count: 128 * words)
        for byte in 0..<128 {
            for r in finalCharacterRules where rules[r].when.regex!.finalCharacters!.admits(UInt32(byte)) {
                finalRows[byte * words + (r >> 6)] |= 1 << UInt64(r & 63)
            }
        }
        finalCharacterBits = Self.raw(finalRows)
    }

    /// Whether some rule of `bits` has a pattern with final characters in its `when`.
    @inline(__always)
    func needsFinalCharacter(_ bits: UnsafeMutablePointer<UInt64>) -> Bool {
        var any: UInt64 = 0
        for w in 0..<candidateWords { any |= bits[w] & finalCharacterMask[w] }
        return any != 0
    }

    /// Clears from `bits` the rules whose pattern cannot end on the block's last byte that is not white
    /// space, an ASCII byte (`FinalScalars.lastASCIIByte`).
    @inline(__always)
    func filterByFinalCharacter(_ bits: UnsafeMutablePointer<UInt64>, _ byte: Int) {
        let row = finalCharacterBits + byte * candidateWords
        for w in 0..<candidateWords { bits[w] &= row[w] | ~finalCharacterMask[w] }
    }

    /// Clears from `bits` the rules whose `when` cannot hold given the block's combination of fact
    /// values (see `factStrides`).
    @inline(__always)
    func filterByFacts(_ bits: UnsafeMutablePointer<UInt64>, combination: Int) {
        let words = candidateWords
        let row = factCombinationBits + combination &* words
        for w in 0..<words { bits[w] &= row[w] }
    }

    /// Whether some rule of `bits` has `first-character` in its `when`.
    @inline(__always)
    func needsFirstCharacter(_ bits: UnsafeMutablePointer<UInt64>) -> Bool {
        var any: UInt64 = 0
        for w in 0..<candidateWords { any |= bits[w] & firstCharacterMask[w] }
        return any != 0
    }

    /// Clears from `bits` the rules with `first-character` that do not admit the block's first scalar.
    @inline(__always)
    func filterByFirstCharacter(_ bits: UnsafeMutablePointer<UInt64>, _ scalar: UInt32) {
        var index = 0
        if scalar < 256 {
            index = Int(firstCharacterRowIndex[Int(scalar)])
        } else if let i = firstCharacterScalars.firstIndex(of: scalar) {
            index = firstCharacterScalarRows[i]
        }
        let row = firstCharacterBits + index * candidateWords
        for w in 0..<candidateWords { bits[w] &= row[w] | ~firstCharacterMask[w] }
    }

    private static func raw<T>(_ list: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, list.count))
        _ = UnsafeMutableBufferPointer(start: p, count: list.count).initialize(from: list)
        return p
    }

    deinit {
        directBits.deallocate()
        slotBits.deallocate()
        countBits.deallocate()
        countRows.deallocate()
        countStarts.deallocate()
        boundMeasure.deallocate()
        boundLower.deallocate()
        boundUpper.deallocate()
        whenStart.deallocate()
        unlessStart.deallocate()
        factCombinationBits.deallocate()
        firstCharacterMask.deallocate()
        firstCharacterBits.deallocate()
        finalCharacterMask.deallocate()
        finalCharacterBits.deallocate()
    }

    /// `rules[r].when`'s number bounds admit the measures (see `boundMeasure`): the same answer as
    /// `gates[r].when.admits`.
    @inline(__always)
    func whenAdmits(_ r: Int, _ measures: UnsafePointer<Double>) -> Bool { admits(whenStart[r], whenStart[r + 1], measures) }

    /// The same for `rules[r].unless`, which must exist.
    @inline(__always)
    func unlessAdmits(_ r: Int, _ measures: UnsafePointer<Double>) -> Bool { admits(unlessStart[r], unlessStart[r + 1], measures) }

    @inline(__always)
    private func admits(_ from: Int, _ to: Int, _ measures: UnsafePointer<Double>) -> Bool {
        var k = from
        while k < to {
            let v = measures[boundMeasure[k]]
            if !(v >= boundLower[k] && v <= boundUpper[k]) { return false }
            k += 1
        }
        return true
    }

    /// Sets `bits` (`candidateWords` words) to the direct rules whose count bounds admit the block.
    @inline(__always)
    func directCandidates(_ block: UnsafePointer<Block>, into bits: UnsafeMutablePointer<UInt64>) {
        let words = candidateWords
        for w in 0..<words { bits[w] = directBits[w] }
        for m in 0..<4 where countRows[m] > 0 {
            let v: Int
            switch m {
            case 0: v = block.pointee.features.words
            case 1: v = block.pointee.features.characters
            case 2: v = block.pointee.features.length
            default: v = block.pointee.features.sentenceMarks
            }
            guard v >= 0 else { continue }
            let row = countBits + (countStarts[m] + min(v, countRows[m] - 1)) * words
            for w in 0..<words { bits[w] &= row[w] }
        }
    }

    /// Adds the rules of a phrase slot to `bits`.
    @inline(__always)
    func addSlotRules(_ slot: Int, to bits: UnsafeMutablePointer<UInt64>) {
        let words = candidateWords
        let row = slotBits + slot * words
        for w in 0..<words { bits[w] |= row[w] }
    }
}

/// A block fact a condition compares with a value, numbered 0 ..< `values` (see `RulePlan.factKinds`).
enum BlockFact: CaseIterable {
    case terminalPunctuation, repeated, shape, numberedItem, departsFromBody, inDepartingTail, knownLanguage

    var values: Int { self == .shape ? Shape.allCases.count : 2 }

    func isRead(by c: Condition) -> Bool {
        switch self {
        case .terminalPunctuation: return c.spec.terminalPunctuation != nil
        case .repeated: return c.spec.repeated != nil
        case .shape: return c.spec.shape != nil
        case .numberedItem: return c.spec.numberedItem != nil
        case .departsFromBody: return c.spec.departsFromBody != nil
        case .inDepartingTail: return c.spec.inDepartingTail != nil
        case .knownLanguage: return c.spec.knownLanguage != nil
        }
    }

    /// Whether the condition's test of this fact holds for value v (booleans: 0 false, 1 true; shapes by
    /// `Shape.allCases` order): the same answers as `Evaluator.passes`.
    func admits(_ c: Condition, _ v: Int) -> Bool {
        switch self {
        case .terminalPunctuation: return c.spec.terminalPunctuation! == (v == 1)
        case .repeated: return c.spec.repeated! == (v == 1)
        case .shape: return c.spec.shape!.contains(Shape.allCases[v])
        case .numberedItem: return c.spec.numberedItem! == (v == 1)
        case .departsFromBody: return c.spec.departsFromBody! == (v == 1)
        case .inDepartingTail: return c.spec.inDepartingTail! == (v == 1)
        case .knownLanguage: return c.spec.knownLanguage! == (v == 1)
        }
    }

    /// A shape's index in `Shape.allCases`.
    @inline(__always)
    static func index(_ shape: Shape) -> Int {
        switch shape {
        case .text: return 0
        case .listMarker: return 1
        case .number: return 2
        case .date: return 3
        case .time: return 4
        }
    }
}

/// A rule's scope and the number bounds of its `when`, flattened into plain values (no references, so
/// checking them costs no reference counting).
struct Gate {
    let region: RuleRegion
    /// Scope: the most blocks from the edge (Int.max when not given) and the most share of text before or after.
    let blocks: Int
    let within: Double
    let classifies: Bool
    let when: NumberBounds

    init(_ rule: Rule) {
        region = rule.region
        blocks = rule.spec.blocks ?? Int.max
        within = rule.spec.within ?? (rule.spec.blocks == nil ? 0.3 : 1)
        classifies = rule.action.isClassification
        when = NumberBounds(rule.when)
    }

    func inScope(_ block: UnsafePointer<Block>, of count: Int) -> Bool {
        switch region {
        case .anywhere: return true
        case .head: return block.pointee.index < blocks && block.pointee.textBefore < within
        case .tail: return count - 1 - block.pointee.index < blocks && block.pointee.textAfter < within
        }
    }
}

/// A rule's action and what its conditions need beyond the gate, as plain values: the block loop
/// reads these for every candidate rule, and reading the rule object retained and released it.
struct RuleFacts {
    let action: RuleAction
    let kind: RuleKind
    /// For `trim`: at the head (otherwise the tail).
    let trimsHead: Bool
    /// The conditions of `when` that `holdsBeyondNumbers` checks (`beyondNumberChecks`).
    let whenChecks: UInt16
    /// The number bounds of `unless`, nil without `unless`.
    let unless: NumberBounds?
    let unlessChecks: UInt16

    init(_ rule: Rule) {
        action = rule.action
        kind = rule.kind
        trimsHead = rule.region == .head
        whenChecks = rule.when.beyondNumberChecks
        unless = rule.unless.map(NumberBounds.init)
        unlessChecks = rule.unless?.beyondNumberChecks ?? 0
    }
}

/// The conditions `Evaluator.holdsBeyondNumbers` reads, in the order it reads them (a bit each).
enum BeyondNumbers: UInt16, CaseIterable {
    case firstCharacter, knownLanguage, language, terminalPunctuation, shape, repeated, numberedItem, script, departsFromBody,
         inDepartingTail, sentences, phrases, pattern
}

extension Condition {
    /// What `Evaluator.holdsBeyondNumbers` has to check, a bit per `BeyondNumbers` case. Without any, it
    /// holds on every block and has no side effects, so the evaluator skips it.
    var beyondNumberChecks: UInt16 {
        func set(_ present: Bool, _ check: BeyondNumbers) -> UInt16 { present ? 1 << check.rawValue : 0 }
        return set(firstCharacters != nil, .firstCharacter) | set(spec.knownLanguage != nil, .knownLanguage)
            | set(spec.language != nil, .language)
            | set(spec.terminalPunctuation != nil, .terminalPunctuation) | set(spec.shape != nil, .shape)
            | set(spec.repeated != nil, .repeated) | set(spec.numberedItem != nil, .numberedItem)
            | set(scripts != nil, .script) | set(spec.departsFromBody != nil, .departsFromBody)
            | set(spec.inDepartingTail != nil, .inDepartingTail) | set(spec.sentences != nil, .sentences)
            | set(phraseSlot >= 0, .phrases) | set(regex != nil, .pattern)
    }
}

/// The conditions that read only a block's counts and shares, as plain values: the bounds a condition
/// sets, by measure (see `Measures`), with a bit for each that is set. Only those are compared (most rules
/// set one to three of the eleven). Counts are compared as Doubles: exact, as counts and bounds lie far
/// below 2^53.
struct NumberBounds {
    /// The word bound on its own (Int.min / Int.max when absent): the evaluator orders and skips phrase
    /// rules by it.
    let words: (min: Int, max: Int)
    fileprivate let set: UInt16
    fileprivate let lower: Measures.Values
    fileprivate let upper: Measures.Values

    /// Reads the bounds one by one from the condition: taking its whole `spec` copied it (retaining its
    /// arrays) for every rule of every document.
    init(_ condition: Condition) {
        words = (condition.spec.words?.min ?? Int.min, condition.spec.words?.max ?? Int.max)
        var set: UInt16 = 0
        var lower = Measures.Values(repeating: -Double.infinity), upper = Measures.Values(repeating: Double.infinity)
        func bound(_ m: Measures.Measure, _ min: Double?, _ max: Double?) {
            guard min != nil || max != nil else { return }
            set |= 1 << m.rawValue
            if let min { lower[m] = min }
            if let max { upper[m] = max }
        }
        func count(_ m: Measures.Measure, _ b: CountBounds?) { bound(m, b?.min.map(Double.init), b?.max.map(Double.init)) }
        func share(_ m: Measures.Measure, _ b: ShareBounds?) { bound(m, b?.min, b?.max) }
        count(.words, condition.spec.words); count(.chars, condition.spec.chars); count(.length, condition.spec.length)
        count(.sentenceMarks, condition.spec.sentenceMarks)
        count(.proseBefore, condition.spec.proseBefore); count(.proseAfter, condition.spec.proseAfter)
        share(.letters, condition.spec.letters); share(.digits, condition.spec.digits)
        share(.punctuation, condition.spec.punctuation)
        share(.symbols, condition.spec.symbols); share(.stopwords, condition.spec.stopwords)
        self.set = set
        self.lower = lower
        self.upper = upper
    }

    @inline(__always)
    func admits(_ m: Measures) -> Bool {
        var bits = set
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            let v = m.values[i]
            if !(v >= lower[i] && v <= upper[i]) { return false }
        }
        return true
    }
}

/// A block's values the number bounds read, computed once per block rather than once per candidate rule.
struct Measures {
    enum Measure: UInt16 {
        case words, chars, length, sentenceMarks, proseBefore, proseAfter, letters, digits, punctuation, symbols, stopwords
    }

    /// One Double per `Measure`, inline (no array to retain), read by index.
    struct Values {
        private var storage: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double)

        init(repeating v: Double) { storage = (v, v, v, v, v, v, v, v, v, v, v) }

        subscript(i: Int) -> Double {
            @inline(__always) get { withUnsafeBytes(of: storage) { $0.load(fromByteOffset: i &* 8, as: Double.self) } }
        }

        /// The values into raw memory, one Double per `Measure`.
        func copy(into p: UnsafeMutablePointer<Double>) {
            withUnsafeBytes(of: storage) { raw in
                for i in 0..<Measures.count { p[i] = raw.load(fromByteOffset: i &* 8, as: Double.self) }
            }
        }

        subscript(m: Measure) -> Double {
            get { self[Int(m.rawValue)] }
            set { withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: Int(m.rawValue) * 8, as: Double.self) } }
        }
    }

    static let count = Int(Measure.stopwords.rawValue) + 1

    let values: Values

    init(_ block: UnsafePointer<Block>) {
        var v = Values(repeating: 0)
        v[.words] = Double(block.pointee.features.words); v[.chars] = Double(block.pointee.features.characters)
        v[.length] = Double(block.pointee.features.length); v[.sentenceMarks] = Double(block.pointee.features.sentenceMarks)
        v[.proseBefore] = Double(block.pointee.proseBefore); v[.proseAfter] = Double(block.pointee.proseAfter)
        v[.letters] = block.pointee.features.share(block.pointee.features.letters)
        v[.digits] = block.pointee.features.share(block.pointee.features.digits)
        v[.punctuation] = block.pointee.features.share(block.pointee.features.punctuation)
        v[.symbols] = block.pointee.features.share(block.pointee.features.symbols)
        v[.stopwords] = block.pointee.features.stopwordDensity
        values = v
    }
}

@inline(__always)
func format(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return "\(r)"
}

/// First occurrence of `needle` in `haystack` at or after `from`: memchr for the first byte, memcmp for the rest.
func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let n = needle.baseAddress, let h = haystack.baseAddress, needle.count > 0 else { return nil }
    var i = from
    let last = haystack.count - needle.count
    while i <= last {
        guard let p = memchr(h + i, Int32(n[0]), last - i + 1) else { return nil }
        let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self))
        if memcmp(h + at, n, needle.count) == 0 { return at }
        i = at + 1
    }
    return nil
}
