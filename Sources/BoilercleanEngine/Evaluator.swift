import BoilercleanRules
import BoilercleanText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the rules over one document's blocks, then settles undecided blocks by their neighbours.
struct Evaluator {
    let document: Document
    let rules: [Rule]
    let mode: CleaningMode
    let analyzer: Analyzer
    let folder: CaseFolder
    let collectEvidence: Bool

    // Per-block caches of the costly features, computed only when a rule asks.
    private var folded: [[UInt8]?]
    private var cores: [[UInt8]?]
    private var sentences: [Int?]

    init(document: Document, rules: [Rule], mode: CleaningMode, analyzer: Analyzer, folder: CaseFolder, collectEvidence: Bool) {
        self.document = document
        self.rules = rules.filter { $0.applies(in: mode) }
        self.mode = mode
        self.analyzer = analyzer
        self.folder = folder
        self.collectEvidence = collectEvidence
        folded = Array(repeating: nil, count: document.blocks.count)
        cores = Array(repeating: nil, count: document.blocks.count)
        sentences = Array(repeating: nil, count: document.blocks.count)
    }

    mutating func run() -> CleaningResult {
        let blocks = document.blocks
        let n = blocks.count
        var keepRules = [[Int]](repeating: [], count: n)
        var dropRules = [[Int]](repeating: [], count: n)
        var leanDrop = [[Int]](repeating: [], count: n)
        var leanKeep = [[Int]](repeating: [], count: n)
        var cutEnd: (block: Int, rule: Int)? = nil
        var cutStart: (block: Int, rule: Int)? = nil

        for (r, rule) in rules.enumerated() {
            for b in 0..<n where inScope(rule, blocks[b]) {
                guard holds(rule.when, b), !(rule.unless.map { holds($0, b) } ?? false) else { continue }
                switch rule.action {
                case .keep: keepRules[b].append(r)
                case .drop: dropRules[b].append(r)
                case .leanDrop: leanDrop[b].append(r)
                case .leanKeep: leanKeep[b].append(r)
                case .dropToEnd:
                    if cutEnd == nil || b < cutEnd!.block { cutEnd = (b, r) }
                case .dropToStart:
                    if cutStart == nil || b > cutStart!.block { cutStart = (b, r) }
                }
            }
        }

        var verdicts: [BlockVerdict?] = Array(repeating: nil, count: n)
        for b in 0..<n {
            if !keepRules[b].isEmpty {
                verdicts[b] = BlockVerdict(keep: true, decision: .rule, rules: keepRules[b].map { rules[$0].id }, kind: nil)
            } else if !dropRules[b].isEmpty {
                let first = rules[dropRules[b][0]]
                verdicts[b] = BlockVerdict(keep: false, decision: .rule, rules: dropRules[b].map { rules[$0].id }, kind: first.kind)
            } else if let cut = cutEnd, b >= cut.block {
                verdicts[b] = BlockVerdict(keep: false, decision: b == cut.block ? .rule : .cut, rules: [rules[cut.rule].id], kind: rules[cut.rule].kind)
            } else if let cut = cutStart, b <= cut.block {
                verdicts[b] = BlockVerdict(keep: false, decision: b == cut.block ? .rule : .cut, rules: [rules[cut.rule].id], kind: rules[cut.rule].kind)
            }
        }
        settleByContext(&verdicts, leanDrop: leanDrop, leanKeep: leanKeep)

        var final: [BlockVerdict] = []
        final.reserveCapacity(n)
        for b in 0..<n {
            var v = verdicts[b]!
            v.leanings = (leanDrop[b] + leanKeep[b]).map { rules[$0].id }
            if collectEvidence {
                for id in v.rules {
                    if let rule = rules.first(where: { $0.id == id }), b == cutBlock(for: rule, cutEnd, cutStart) ?? b {
                        v.evidence.append("\(id): " + explain(rule.when, b).joined(separator: ", "))
                    }
                }
            }
            final.append(v)
        }
        return CleaningResult(document: document, verdicts: final, mode: mode)
    }

    private func cutBlock(for rule: Rule, _ end: (block: Int, rule: Int)?, _ start: (block: Int, rule: Int)?) -> Int? {
        if let end, rules[end.rule].id == rule.id { return end.block }
        if let start, rules[start.rule].id == rule.id { return start.block }
        return nil
    }

    /// Blocks no rule decided: leanings and neighbours settle them (after jusText's revision pass).
    /// A leaning block joins its side unless both nearest decided neighbours are on the other side;
    /// a block with no leaning follows its neighbours when they agree, and the mode's default otherwise.
    private func settleByContext(_ verdicts: inout [BlockVerdict?], leanDrop: [[Int]], leanKeep: [[Int]]) {
        let n = verdicts.count
        // Pass 1: each undecided block's own leaning (drop and keep evidence weigh against each other).
        var tentative = [Int](repeating: 0, count: n)   // -1 drop, +1 keep, 0 none
        for b in 0..<n where verdicts[b] == nil {
            let score = leanKeep[b].count - leanDrop[b].count
            tentative[b] = score > 0 ? 1 : (score < 0 ? -1 : 0)
        }
        func side(_ i: Int) -> Int {
            if let v = verdicts[i] { return v.keep ? 2 : -2 }
            return tentative[i]
        }
        // Nearest neighbour on each side that has a side at all.
        var previous = [Int](repeating: 0, count: n)
        var next = [Int](repeating: 0, count: n)
        var last = 0
        for b in 0..<n { previous[b] = last; let s = side(b); if s != 0 { last = s } }
        last = 0
        for b in stride(from: n - 1, through: 0, by: -1) { next[b] = last; let s = side(b); if s != 0 { last = s } }

        let defaultKeep = mode == .extracted
        for b in 0..<n where verdicts[b] == nil {
            let own = tentative[b]
            let p = previous[b].signum(), q = next[b].signum()
            var keep: Bool
            if own != 0 {
                // Strong neighbours on both sides against the leaning overturn it.
                let strongAgainst = abs(previous[b]) == 2 && abs(next[b]) == 2 && p == q && p != own
                keep = strongAgainst ? p > 0 : own > 0
            } else if mode == .extracted {
                // An extractor already chose this text: what no rule flags is body.
                keep = true
            } else if p != 0 && p == q {
                keep = p > 0
            } else if p == 0 && q == 0 {
                keep = true
            } else if p == 0 || q == 0 {
                keep = (p + q) > 0
            } else {
                keep = defaultKeep
            }
            let leaned = (own > 0 ? leanKeep[b] : own < 0 ? leanDrop[b] : [])
            var v = BlockVerdict(keep: keep, decision: own != 0 && keep == (own > 0) ? .rule : (p != 0 || q != 0 ? .context : .default),
                                 rules: leaned.map { rules[$0].id }, kind: nil)
            if !keep { v.kind = (leanDrop[b].first.map { rules[$0].kind }) ?? .other }
            verdicts[b] = v
        }
    }

    // MARK: Conditions

    /// Nil when the rule fires on the block; otherwise the first reason it does not.
    mutating func whyNot(_ rule: Rule, _ b: Int) -> String? {
        let block = document.blocks[b]
        if !rule.applies(in: mode) { return "rule does not apply in \(mode.rawValue) mode" }
        if !inScope(rule, block) { return "out of scope (\(rule.region.rawValue))" }
        if let failed = firstFailing(rule.when, b) { return "condition failed: \(failed)" }
        if let unless = rule.unless, firstFailing(unless, b) == nil { return "its unless conditions hold" }
        return nil
    }

    /// The first condition that does not hold, described with the measured value.
    private mutating func firstFailing(_ condition: Condition, _ b: Int) -> String? {
        let c = condition.spec
        let probes: [(String, (ConditionSpec) -> Bool)] = [
            ("words", { $0.words != nil }), ("chars", { $0.chars != nil }), ("letters", { $0.letters != nil }),
            ("digits", { $0.digits != nil }), ("punctuation", { $0.punctuation != nil }), ("symbols", { $0.symbols != nil }),
            ("stopwords", { $0.stopwords != nil }), ("terminal-punctuation", { $0.terminalPunctuation != nil }),
            ("shape", { $0.shape != nil }), ("repeated", { $0.repeated != nil }), ("script", { $0.script != nil }),
            ("departs-from-body", { $0.departsFromBody != nil }), ("in-departing-tail", { $0.inDepartingTail != nil }),
            ("sentences", { $0.sentences != nil }), ("phrases", { $0.phrases != nil }), ("pattern", { $0.pattern != nil }),
        ]
        for (name, present) in probes where present(c) {
            var single = condition
            single.spec = ConditionSpec.only(name, from: c)
            if name != "phrases" { single.phrases = nil }
            if name != "pattern" { single.regex = nil }
            if name != "script" { single.scripts = nil }
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
        case "letters": return "letters = \(format(f.share(f.letters)))"
        case "digits": return "digits = \(format(f.share(f.digits)))"
        case "punctuation": return "punctuation = \(format(f.share(f.punctuation)))"
        case "symbols": return "symbols = \(format(f.share(f.symbols)))"
        case "stopwords": return "stopwords = \(format(f.stopwordDensity))"
        case "terminal-punctuation": return f.endsWithTerminal ? "ends with sentence punctuation" : "no sentence punctuation at the end"
        case "shape": return "shape = \(f.shape.rawValue)"
        case "repeated": return "occurs \(block.occurrences)×"
        case "script", "departs-from-body": return "script = \(UnicodeScripts.name(f.dominantScript)), body = \(UnicodeScripts.name(document.profile.bodyScript))"
        case "in-departing-tail": return "tail departs at block \(document.profile.tailDeparture.map(String.init) ?? "none")"
        case "sentences": return "sentences = \(sentences[b] ?? f.sentenceMarks)"
        case "phrases": return "no phrase matches"
        case "pattern": return "no match"
        default: return ""
        }
    }

    private func inScope(_ rule: Rule, _ block: Block) -> Bool {
        switch rule.region {
        case .anywhere: return true
        case .head:
            if let limit = rule.spec.blocks, block.index >= limit { return false }
            let within = rule.spec.within ?? (rule.spec.blocks == nil ? 0.3 : 1)
            return block.textBefore < within
        case .tail:
            if let limit = rule.spec.blocks, document.blocks.count - 1 - block.index >= limit { return false }
            let within = rule.spec.within ?? (rule.spec.blocks == nil ? 0.3 : 1)
            return block.textAfter < within
        }
    }

    private mutating func holds(_ condition: Condition, _ b: Int) -> Bool {
        let block = document.blocks[b]
        let f = block.features
        let c = condition.spec
        if let w = c.words, !w.contains(f.words) { return false }
        if let w = c.chars, !w.contains(f.characters) { return false }
        if let s = c.letters, !s.contains(f.share(f.letters)) { return false }
        if let s = c.digits, !s.contains(f.share(f.digits)) { return false }
        if let s = c.punctuation, !s.contains(f.share(f.punctuation)) { return false }
        if let s = c.symbols, !s.contains(f.share(f.symbols)) { return false }
        if let s = c.stopwords, !s.contains(f.stopwordDensity) { return false }
        if let t = c.terminalPunctuation, t != f.endsWithTerminal { return false }
        if let shapes = c.shape, !shapes.contains(f.shape) { return false }
        if let r = c.repeated, r != (block.occurrences > 1) { return false }
        if let scripts = condition.scripts, !scripts.contains(f.dominantScript) { return false }
        if let d = c.departsFromBody {
            let departs = f.letters > 0 && document.profile.bodyScript > 1 && f.dominantScript != document.profile.bodyScript
            if d != departs { return false }
        }
        if let t = c.inDepartingTail {
            let inTail = document.profile.tailDeparture.map { b >= $0 } ?? false
            if t != inTail { return false }
        }
        if let s = c.sentences {
            if sentences[b] == nil { sentences[b] = analyzer.sentences(in: document, block: block) }
            if !s.contains(sentences[b]!) { return false }
        }
        if let phrases = condition.phrases, !matches(phrases, condition.match, b) { return false }
        if let regex = condition.regex {
            let outcome = document.withBytes(of: block) { regex.firstMatch(in: $0) }
            guard case .match = outcome else { return false }
        }
        return true
    }

    private mutating func foldedText(_ b: Int) -> [UInt8] {
        if let f = folded[b] { return f }
        let f = document.withBytes(of: document.blocks[b]) { folder.fold($0) }
        folded[b] = f
        return f
    }

    private mutating func core(_ b: Int) -> [UInt8] {
        if let c = cores[b] { return c }
        let c = TextCore.trimmed(foldedText(b))
        cores[b] = c
        return c
    }

    private mutating func matches(_ list: PhraseList, _ match: PhraseMatch, _ b: Int) -> Bool {
        switch match {
        case .whole:
            return list.wholeSet.contains(core(b))
        case .prefix:
            let text = core(b)
            for (i, p) in list.phrases.enumerated() where text.count >= p.count && text.starts(with: p) {
                if !list.boundaryAfter[i] || !isWordCharacter(at: p.count, in: text) { return true }
            }
            return false
        case .contains:
            let text = foldedText(b)
            return text.withUnsafeBufferPointer { t in
                for (i, p) in list.phrases.enumerated() where p.count <= t.count {
                    var from = 0
                    while from + p.count <= t.count {
                        guard let hit = p.withUnsafeBufferPointer({ pp -> Int? in
                            find(pp, in: t, from: from)
                        }) else { break }
                        let beforeOK = !list.boundaryBefore[i] || !isWordCharacter(before: hit, in: t)
                        let afterOK = !list.boundaryAfter[i] || !isWordCharacter(at: hit + p.count, in: t)
                        if beforeOK && afterOK { return true }
                        from = hit + 1
                    }
                }
                return false
            }
        }
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
        if let s = c.sentences { out.append(bounds("sentences", sentences[b] ?? f.sentenceMarks, s)) }
        if let s = c.letters { out.append(share("letters", f.share(f.letters), s)) }
        if let s = c.digits { out.append(share("digits", f.share(f.digits), s)) }
        if let s = c.punctuation { out.append(share("punctuation", f.share(f.punctuation), s)) }
        if let s = c.symbols { out.append(share("symbols", f.share(f.symbols), s)) }
        if let s = c.stopwords { out.append(share("stopwords", f.stopwordDensity, s)) }
        if let t = c.terminalPunctuation { out.append(t ? "ends with sentence punctuation" : "no sentence punctuation at the end") }
        if c.shape != nil { out.append("shape \(f.shape.rawValue)") }
        if let r = c.repeated { out.append(r ? "occurs \(block.occurrences)× in the document" : "occurs once") }
        if c.script != nil { out.append("script \(UnicodeScripts.name(f.dominantScript))") }
        if c.departsFromBody != nil { out.append("script \(UnicodeScripts.name(f.dominantScript)), body \(UnicodeScripts.name(document.profile.bodyScript))") }
        if c.inDepartingTail != nil { out.append("tail in another script from block \(document.profile.tailDeparture.map(String.init) ?? "-")") }
        if let phrases = c.phrases { out.append("phrase (\(condition.match.rawValue)) among \(phrases.count)") }
        if let p = c.pattern { out.append("pattern /\(p)/") }
        return out
    }
}

@inline(__always)
func format(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return "\(r)"
}

/// Whether the scalar starting at `offset` (or ending just before it) is a letter or digit.
func isWordCharacter(at offset: Int, in text: some RandomAccessCollection<UInt8>) -> Bool {
    let bytes = Array(text)
    guard offset < bytes.count else { return false }
    return classOfScalar(startingAt: offset, bytes).map { $0.contains(.letter) || $0.contains(.digit) || $0.contains(.mark) } ?? false
}

func isWordCharacter(before offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard offset > 0 else { return false }
    var start = offset - 1
    while start > 0 && (text[start] & 0xC0) == 0x80 { start -= 1 }
    return isWordCharacter(at: start, in: text)
}

private func classOfScalar(startingAt i: Int, _ b: [UInt8]) -> CharacterClass? {
    let b0 = b[i]
    var scalar: UInt32
    if b0 < 0x80 { scalar = UInt32(b0) }
    else if b0 < 0xE0, i + 1 < b.count { scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F) }
    else if b0 < 0xF0, i + 2 < b.count { scalar = (UInt32(b0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F) }
    else if i + 3 < b.count { scalar = (UInt32(b0 & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F) }
    else { return nil }
    return CharacterTable.shared.characterClass(scalar)
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
