import BoilercleanText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// All phrase lists of a rule set in one index, so a block is matched against every phrase in a single
/// pass: whole-block phrases by one hash lookup, prefix and contains phrases by a `PhraseFinder` over the
/// block's normalised text. A phrase list is a "slot"; a block's matches are a set of slots.
/// A class with constant fields, built at once: the evaluator consults it for every block, and a struct
/// of this many arrays (or a class with `var`s) was copied, a retain and release of each, on every call.
public final class PhraseIndex: Sendable {
    public let slotCount: Int
    /// Whole-block phrases by the `ByteHash` of their bytes (cheaper than hashing arrays with SipHash);
    /// each entry keeps the phrase to rule out collisions.
    private let whole: WholePhraseTable
    /// The longest whole-block phrase, in bytes: a longer core text cannot equal any.
    private let longestWhole: Int
    /// Whether some whole-block phrase has exactly this many bytes, by length up to `longestWhole`: a core
    /// text of another length is not hashed at all.
    private let wholeLengths: [Bool]
    private let finder: PhraseFinder

    /// Indexes the phrase lists of conditions, each under its slot (numbered when the rules were compiled).
    init(conditions: [Condition], slotCount: Int) {
        var whole: [UInt64: [(phrase: [UInt8], slot: Int32)]] = [:]
        var finder = PhraseFinder()
        for condition in conditions {
            guard let list = condition.phrases else { continue }
            let slot = Int32(condition.phraseSlot)
            for (i, phrase) in list.phrases.enumerated() {
                switch condition.match {
                case .whole: whole[phrase.withUnsafeBytes(ByteHash.of), default: []].append((phrase, slot))
                case .prefix, .contains:
                    finder.add(phrase, slot: slot, prefixOnly: condition.match == .prefix,
                               boundaryBefore: list.boundaryBefore[i], boundaryAfter: list.boundaryAfter[i])
                }
            }
        }
        finder.build()
        self.longestWhole = whole.values.joined().map(\.phrase.count).max() ?? 0
        var lengths = [Bool](repeating: false, count: longestWhole + 1)
        for e in whole.values.joined() { lengths[e.phrase.count] = true }
        wholeLengths = lengths
        self.whole = WholePhraseTable(whole)
        self.finder = finder
        self.slotCount = slotCount
    }

    /// The core text's first bytes that `prefixMatches` reads: the longest prefix phrase and the scalar
    /// after it (for its word-boundary check).
    public var prefixBytesNeeded: Int { finder.longestAnchored + 4 }

    /// Slots whose prefix phrases match the start of a block's core text: the same as `matches` finds for
    /// them, given at least `prefixBytesNeeded` bytes of the core or all of it.
    public func prefixMatches(corePrefix: UnsafeBufferPointer<UInt8>, into hits: inout SlotSet) {
        finder.searchAnchored(corePrefix, into: &hits)
    }

    /// Slots whose phrases match a block's core text (NFKC-casefolded, trimmed, inner spaces collapsed).
    public func matches(core: UnsafeBufferPointer<UInt8>, into hits: inout SlotSet) {
        if core.count <= longestWhole && wholeLengths[core.count] { whole.matches(core, hash: ByteHash.of(UnsafeRawBufferPointer(core)), into: &hits) }
        finder.search(core, into: &hits)
    }
}

/// The whole-block phrases as an open-addressing table over their hashes, with the phrases in one pool:
/// a lookup is a multiply, a probe or two and a byte comparison (a Dictionary of arrays hashed the hash
/// again with SipHash and retained the entry array on every block).
struct WholePhraseTable: Sendable {
    /// Per table slot: the hash (0 for an empty slot; a hash of 0 is stored as 1) and its entries,
    /// entries[first ..< first + count].
    private var keys: [UInt64]
    private var first: [Int32]
    private var count: [Int32]
    private var entries: [(offset: Int32, length: Int32, slot: Int32)] = []
    private var pool: [UInt8] = []
    private let mask: Int

    init(_ byHash: [UInt64: [(phrase: [UInt8], slot: Int32)]]) {
        var size = 16
        while size < byHash.count * 2 { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        first = [Int32](repeating: 0, count: size)
        count = [Int32](repeating: 0, count: size)
        mask = size - 1
        // In hash order, so the table does not depend on the Dictionary's iteration order.
        for hash in byHash.keys.sorted() {
            let list = byHash[hash]!
            let key = Self.key(hash)
            var i = Self.start(key, mask)
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = key
            first[i] = Int32(entries.count)
            count[i] = Int32(list.count)
            for e in list {
                entries.append((Int32(pool.count), Int32(e.phrase.count), e.slot))
                pool += e.phrase
            }
        }
    }

    @inline(__always) private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }
    @inline(__always) private static func start(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Inserts the slots of the phrases equal to `core`, whose FNV-1a hash is `hash`.
    func matches(_ core: UnsafeBufferPointer<UInt8>, hash: UInt64, into hits: inout SlotSet) {
        let key = Self.key(hash)
        keys.withUnsafeBufferPointer { keys in
            var i = Self.start(key, mask)
            while keys[i] != 0 {
                if keys[i] == key {
                    pool.withUnsafeBufferPointer { pool in
                        for k in Int(first[i]) ..< Int(first[i] + count[i]) {
                            let e = entries[k]
                            guard Int(e.length) == core.count else { continue }
                            if core.isEmpty || memcmp(pool.baseAddress! + Int(e.offset), core.baseAddress!, core.count) == 0 {
                                hits.insert(Int(e.slot))
                            }
                        }
                    }
                    return
                }
                i = (i + 1) & mask
            }
        }
    }
}

/// A bit set of phrase slots: the first 256 slots inline (no allocation per block), the rest in an array.
public struct SlotSet: Sendable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    private var more: [UInt64]

    /// The words past the first four (slots from 256 up) are made when such a slot is first inserted:
    /// most blocks hit none of them, and making them for every block cost an allocation a block.
    public init() { more = [] }

    public mutating func insert(_ i: Int) {
        let bit: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        case 3: w3 |= bit
        default:
            let k = (i >> 6) - 4
            if k >= more.count { more += repeatElement(0, count: k + 1 - more.count) }
            more[k] |= bit
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

/// Finds every occurrence of many phrases in a text by checking, at each position, only the phrases
/// that begin with the bytes found there. Phrases of four bytes or more are bucketed by a hash of their
/// first four bytes, with a bitmap of the used buckets that fits the L1 cache, so most positions cost one
/// load, a multiply and a bit test. (An Aho–Corasick automaton with a dense transition table did the
/// same job, but its table, states × byte classes, took ~10 MB for the default rules: every step was a
/// cache miss.) Prefix phrases are checked at position 0 only, by bucket too; shorter phrases by first byte.
/// Every occurrence of every phrase is reported, so the hits are the same as any complete matcher's.
struct PhraseFinder: Sendable {
    struct Entry: Sendable {
        /// The phrase is `pool[offset ..< offset + length]`.
        var offset: Int32
        var length: Int32
        var slot: Int32
        var boundaryBefore: Bool
        var boundaryAfter: Bool
        /// Bucketed and prefix phrases: their first (up to) four bytes as `key(of:at:)` loads them, and
        /// which of those bytes the phrase has. Compared before the phrase itself: most positions whose
        /// bucket is used, and most blocks that start with a prefix phrase's first byte, go on differently.
        var key: UInt32 = 0
        var keyMask: UInt32 = 0
    }

    private static let hashBits = 16
    /// Fewer buckets for the prefix phrases: they are looked up once a block, and a small table stays in cache.
    private static let anchoredHashBits = 12
    private var pool: [UInt8] = []
    /// Contains phrases of at least four bytes, grouped by bucket: bucket h is entries[bucketStart[h] ..< bucketStart[h + 1]].
    private var entries: [Entry] = []
    private var bucketStart: [Int32] = []
    private var usedBuckets: [UInt64] = []
    /// Contains phrases shorter than four bytes, and prefix phrases shorter than four bytes, by their first byte.
    private var short: [[Entry]] = Array(repeating: [], count: 256)
    private var anchored: [[Entry]] = Array(repeating: [], count: 256)
    /// Prefix phrases of at least four bytes, grouped by bucket as the contains phrases are (one lookup per
    /// block, at its start): walking every prefix phrase with the block's first byte cost ~46 key
    /// comparisons a block once the rules held 1,200 prefix phrases.
    private var anchoredEntries: [Entry] = []
    private var anchoredStart: [Int32] = []
    private var hasShort = false
    private var pending: [Entry] = []
    private var pendingAnchored: [Entry] = []
    /// The longest prefix phrase, in bytes.
    private(set) var longestAnchored = 0
    /// Bit 256 * first + second set for the first two bytes of every prefix phrase of two bytes or more;
    /// bit first set in `anchoredOneByte` for prefix phrases of one byte. Text whose first two bytes are
    /// in neither has no prefix phrase at its start, without walking the list for its first byte.
    private var anchoredPairs = [UInt64](repeating: 0, count: 65536 / 64)
    private var anchoredOneByte = [UInt64](repeating: 0, count: 4)

    mutating func add(_ phrase: [UInt8], slot: Int32, prefixOnly: Bool, boundaryBefore: Bool, boundaryAfter: Bool) {
        guard let first = phrase.first else { return }
        var entry = Entry(offset: Int32(pool.count), length: Int32(phrase.count), slot: slot,
                          boundaryBefore: boundaryBefore, boundaryAfter: boundaryAfter)
        for (j, byte) in phrase.prefix(4).enumerated() {
            entry.key |= UInt32(byte) << UInt32(8 * j)
            entry.keyMask |= 0xFF << UInt32(8 * j)
        }
        pool += phrase
        if prefixOnly {
            if phrase.count < 4 { anchored[Int(first)].append(entry) } else { pendingAnchored.append(entry) }
            longestAnchored = max(longestAnchored, phrase.count)
            if phrase.count >= 2 {
                let pair = Int(first) << 8 | Int(phrase[1])
                anchoredPairs[pair >> 6] |= 1 << UInt64(pair & 63)
            } else {
                anchoredOneByte[Int(first) >> 6] |= 1 << UInt64(first & 63)
            }
        } else if phrase.count < 4 {
            short[Int(first)].append(entry)
            hasShort = true
        } else {
            pending.append(entry)
        }
    }

    mutating func build() {
        (entries, bucketStart) = Self.grouped(pending, bits: Self.hashBits)
        usedBuckets = [UInt64](repeating: 0, count: (1 << Self.hashBits) / 64)
        for h in 0..<(1 << Self.hashBits) where bucketStart[h + 1] > bucketStart[h] { usedBuckets[h >> 6] |= 1 << UInt64(h & 63) }
        (anchoredEntries, anchoredStart) = Self.grouped(pendingAnchored, bits: Self.anchoredHashBits)
        pending = []
        pendingAnchored = []
    }

    /// Entries of at least four bytes grouped by the bucket of their key, in the order given within a
    /// bucket: bucket h is grouped[start[h] ..< start[h + 1]].
    private static func grouped(_ list: [Entry], bits: Int) -> (grouped: [Entry], start: [Int32]) {
        let bucketCount = 1 << bits
        var counts = [Int32](repeating: 0, count: bucketCount + 1)
        let keyed = list.map { e in (bucket: Self.bucket(e.key, bits: bits), entry: e) }
        for k in keyed { counts[k.bucket + 1] += 1 }
        for h in 0..<bucketCount { counts[h + 1] += counts[h] }
        var fill = counts
        var grouped = Array(repeating: Entry(offset: 0, length: 0, slot: 0, boundaryBefore: false, boundaryAfter: false), count: keyed.count)
        for k in keyed {
            grouped[Int(fill[k.bucket])] = k.entry
            fill[k.bucket] += 1
        }
        return (grouped, counts)
    }

    @inline(__always)
    private static func key(of t: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(t.baseAddress! + i).loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    private static func bucket(_ key: UInt32, bits: Int = hashBits) -> Int {
        Int((key &* 0x9E37_79B1) >> UInt32(32 - bits))
    }

    /// The prefix phrases only: they read at most `longestAnchored` bytes of `t` and the scalar after.
    /// Whether phrase `e` occurs in `t` at byte `start`, with a word boundary on each side that asks for one.
    @inline(__always)
    private static func matches(_ e: Entry, at start: Int, in t: UnsafeBufferPointer<UInt8>, pool: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = start + Int(e.length)
        guard end <= t.count, memcmp(t.baseAddress! + start, pool.baseAddress! + Int(e.offset), Int(e.length)) == 0 else { return false }
        if e.boundaryBefore && start > 0 && isWordByte(before: start, t) { return false }
        if e.boundaryAfter && end < t.count && isWordByte(at: end, t) { return false }
        return true
    }

    func searchAnchored(_ t: UnsafeBufferPointer<UInt8>, into hits: inout SlotSet) {
        guard !t.isEmpty else { return }
        if t.count >= 2 {
            let pair = Int(t[0]) << 8 | Int(t[1])
            if anchoredPairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0
                && anchoredOneByte[Int(t[0]) >> 6] & (1 << UInt64(t[0] & 63)) == 0 { return }
        }
        pool.withUnsafeBufferPointer { pool in
            func check(_ e: Entry, at start: Int) { if Self.matches(e, at: start, in: t, pool: pool) { hits.insert(Int(e.slot)) } }
            if t.count >= 4 {
                let key = Self.key(of: t, at: 0)
                for e in anchored[Int(t[0])] where key & e.keyMask == e.key { check(e, at: 0) }
                let h = Self.bucket(key, bits: Self.anchoredHashBits)
                for k in Int(anchoredStart[h])..<Int(anchoredStart[h + 1]) where anchoredEntries[k].key == key { check(anchoredEntries[k], at: 0) }
            } else {
                // Phrases of four bytes or more do not fit.
                for e in anchored[Int(t[0])] { check(e, at: 0) }
            }
        }
    }

    func search(_ t: UnsafeBufferPointer<UInt8>, into hits: inout SlotSet) {
        guard !t.isEmpty else { return }
        searchAnchored(t, into: &hits)
        pool.withUnsafeBufferPointer { pool in
        do {
            func check(_ e: Entry, at start: Int) { if Self.matches(e, at: start, in: t, pool: pool) { hits.insert(Int(e.slot)) } }
            if hasShort {
                for i in 0..<t.count { for e in short[Int(t[i])] { check(e, at: i) } }
            }
            guard t.count >= 4, !entries.isEmpty else { return }
            usedBuckets.withUnsafeBufferPointer { used in
            bucketStart.withUnsafeBufferPointer { starts in
            entries.withUnsafeBufferPointer { entries in
                for i in 0...(t.count - 4) {
                    let key = Self.key(of: t, at: i)
                    let h = Self.bucket(key)
                    guard used[h >> 6] & (1 << UInt64(h & 63)) != 0 else { continue }
                    for k in Int(starts[h])..<Int(starts[h + 1]) where entries[k].key == key { check(entries[k], at: i) }
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
/// marks at the edges, inner white space collapsed to one space. Computed in C (`cicu_folder_core_text`),
/// byte by byte with an ASCII fast path; blocks get theirs from `CaseFolder.withCoreText`.
public enum CoreText {
    public static func make(folded: [UInt8]) -> [UInt8] { CaseFolder.coreText(folded: folded) }
}
