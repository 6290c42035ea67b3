import BoilercleanText

/// All phrase lists of a rule set in one index, so a block is matched against every phrase in a single
/// pass: whole-block phrases by one hash lookup, prefix and contains phrases by an Aho–Corasick automaton
/// over the block's normalised text. A phrase list is a "slot"; a block's matches are a set of slots.
public struct PhraseIndex: Sendable {
    public private(set) var slotCount = 0
    /// Whole-block phrases by the FNV-1a hash of their bytes (cheaper than hashing arrays with SipHash);
    /// each entry keeps the phrase to rule out collisions.
    private var whole: [UInt64: [(phrase: [UInt8], slot: Int32)]] = [:]
    private var automaton = Automaton()

    public init() {}

    /// Registers a phrase list under its slot (numbered when the rules were compiled).
    mutating func add(_ list: PhraseList, match: PhraseMatch, slot: Int) {
        for (i, phrase) in list.phrases.enumerated() {
            switch match {
            case .whole: whole[Self.fnv(phrase), default: []].append((phrase, Int32(slot)))
            case .prefix, .contains:
                automaton.add(phrase, Automaton.Output(slot: Int32(slot), length: Int32(phrase.count), prefixOnly: match == .prefix,
                                                       boundaryBefore: list.boundaryBefore[i], boundaryAfter: list.boundaryAfter[i]))
            }
        }
    }

    mutating func finish(slotCount: Int) {
        self.slotCount = slotCount
        automaton.build()
    }

    /// Slots whose phrases match a block's core text (NFKC-casefolded, trimmed, inner spaces collapsed).
    public func matches(core: [UInt8], into hits: inout SlotSet) {
        if let entries = whole[Self.fnv(core)] { for e in entries where e.phrase == core { hits.insert(Int(e.slot)) } }
        automaton.search(core, into: &hits)
    }

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }
}

/// A bit set of phrase slots: the first 256 slots inline (no allocation per block), the rest in an array.
public struct SlotSet: Sendable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    private var more: [UInt64]

    public init(capacity: Int) { more = capacity > 256 ? [UInt64](repeating: 0, count: (capacity - 256 + 63) / 64) : [] }

    public mutating func insert(_ i: Int) {
        let bit: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        case 3: w3 |= bit
        default: more[(i >> 6) - 4] |= bit
        }
    }

    public func contains(_ i: Int) -> Bool { word(i >> 6) & (1 << UInt64(i & 63)) != 0 }

    private func word(_ w: Int) -> UInt64 {
        switch w {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        default: return w - 4 < more.count ? more[w - 4] : 0
        }
    }

    public var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 && more.allSatisfy { $0 == 0 } }

    public func forEach(_ body: (Int) -> Void) {
        for w in 0..<(4 + more.count) {
            var m = word(w)
            while m != 0 { body(w * 64 + m.trailingZeroBitCount); m &= m - 1 }
        }
    }
}

/// Aho–Corasick over bytes with a dense transition table on the alphabet of bytes the phrases use.
struct Automaton: Sendable {
    struct Output: Sendable {
        var slot: Int32
        var length: Int32
        var prefixOnly: Bool
        var boundaryBefore: Bool
        var boundaryAfter: Bool
    }

    private var trie: [[UInt8: Int32]] = [[:]]
    private var outputs: [[Output]] = [[]]
    private var byteClass = [UInt8](repeating: 0, count: 256)
    private var classCount = 1
    private var table: [Int32] = []
    private var hasOutput: [Bool] = []
    private var fail: [Int32] = []
    private var built = false

    mutating func add(_ phrase: [UInt8], _ output: Output) {
        var state = 0
        for b in phrase {
            if let next = trie[state][b] { state = Int(next) } else {
                trie.append([:])
                outputs.append([])
                trie[state][b] = Int32(trie.count - 1)
                state = trie.count - 1
            }
        }
        outputs[state].append(output)
    }

    mutating func build() {
        built = true
        guard trie.count > 1 else { return }
        var used = Set<UInt8>()
        for edges in trie { used.formUnion(edges.keys) }
        for b in used.sorted() { byteClass[Int(b)] = UInt8(classCount); classCount += 1 }
        let n = trie.count
        table = [Int32](repeating: 0, count: n * classCount)
        fail = [Int32](repeating: 0, count: n)
        // Breadth-first: each state's transitions are its trie edges, else its failure state's.
        var queue: [Int] = []
        for (b, next) in trie[0] {
            table[Int(byteClass[Int(b)])] = next
            queue.append(Int(next))
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            // The failure state is shallower, so its outputs already include its own failure chain's.
            outputs[s] += outputs[Int(fail[s])]
            for c in 0..<classCount { table[s * classCount + c] = table[Int(fail[s]) * classCount + c] }
            for (b, next) in trie[s] {
                let c = Int(byteClass[Int(b)])
                fail[Int(next)] = table[Int(fail[s]) * classCount + c]
                table[s * classCount + c] = next
                queue.append(Int(next))
            }
        }
        trie = []
        hasOutput = outputs.map { !$0.isEmpty }
    }

    func search(_ text: [UInt8], into hits: inout SlotSet) {
        guard built, !table.isEmpty else { return }
        text.withUnsafeBufferPointer { t in
            table.withUnsafeBufferPointer { tab in
                byteClass.withUnsafeBufferPointer { cls in
                hasOutput.withUnsafeBufferPointer { out in
                    var state = 0
                    let classCount = self.classCount
                    for i in 0..<t.count {
                        state = Int(tab[state * classCount + Int(cls[Int(t[i])])])
                        if out[state] {
                            for o in outputs[state] {
                                let end = i + 1
                                let start = end - Int(o.length)
                                if o.prefixOnly && start != 0 { continue }
                                if o.boundaryBefore && start > 0 && isWordByte(before: start, t) { continue }
                                if o.boundaryAfter && end < t.count && isWordByte(at: end, t) { continue }
                                hits.insert(Int(o.slot))
                            }
                        }
                    }
                }
                }
            }
        }
    }
}

/// Whether the scalar at / just before a byte offset of UTF-8 text is a letter, digit or mark.
@inline(__always)
func isWordByte(at i: Int, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
    let b0 = t[i]
    if b0 < 0x80 {
        return (b0 >= 0x30 && b0 <= 0x39) || (b0 >= 0x41 && b0 <= 0x5A) || (b0 >= 0x61 && b0 <= 0x7A) || b0 == 0x5F
    }
    let scalar = decodeScalar(t, at: i).scalar
    let c = CharacterTable.shared.characterClass(scalar)
    return c.contains(.letter) || c.contains(.digit) || c.contains(.mark)
}

@inline(__always)
func isWordByte(before i: Int, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
    var s = i - 1
    while s > 0 && (t[s] & 0xC0) == 0x80 { s -= 1 }
    return isWordByte(at: s, t)
}

/// The normalised form phrase matching works on: NFKC-casefolded, trimmed of everything but letters and
/// marks at the edges, inner white space collapsed to one space. Byte-level, with an ASCII fast path.
public enum CoreText {
    /// The core of raw UTF-8 text: ASCII text is folded and trimmed in one pass; other text is folded by
    /// ICU first.
    public static func make(raw: UnsafeBufferPointer<UInt8>, folder: CaseFolder) -> [UInt8] {
        var ascii = true
        var i = 0
        if let base = raw.baseAddress {
            while i + 8 <= raw.count {
                if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080808080808080 != 0 { ascii = false; break }
                i += 8
            }
            while ascii && i < raw.count { if raw[i] >= 0x80 { ascii = false }; i += 1 }
        }
        guard ascii else { return make(folded: folder.fold(raw)) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var pendingSpace = false
        var lastLetterEnd = 0
        for b in raw {
            let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                if !out.isEmpty { pendingSpace = true }
                continue
            }
            if out.isEmpty && !isLetter { continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append((b >= 0x41 && b <= 0x5A) ? b | 0x20 : b)
            if isLetter { lastLetterEnd = out.count }
        }
        out.removeSubrange(lastLetterEnd...)
        return out
    }

    public static func make(folded: [UInt8]) -> [UInt8] {
        let table = CharacterTable.shared
        var out: [UInt8] = []
        out.reserveCapacity(folded.count)
        folded.withUnsafeBufferPointer { t in
            var i = 0
            var pendingSpace = false
            var lastLetterEnd = 0     // length of `out` after the last letter or mark
            while i < t.count {
                let (scalar, len) = decodeScalar(t, at: i)
                let c = table.characterClass(scalar)
                if c.contains(.space) {
                    if !out.isEmpty { pendingSpace = true }
                } else {
                    let isLetter = c.contains(.letter) || c.contains(.mark)
                    if out.isEmpty && !isLetter { i += len; continue }   // leading non-letters go
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    for k in 0..<len { out.append(t[i + k]) }
                    if isLetter { lastLetterEnd = out.count }
                }
                i += len
            }
            out.removeSubrange(lastLetterEnd...)
        }
        return out
    }
}
