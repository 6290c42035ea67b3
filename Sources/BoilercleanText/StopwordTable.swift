/// Stop-word lists of many languages in one open-addressing table: a word's hash maps to the set of
/// languages whose list holds it. A document's language is the list with most hits; a block's
/// stop-word density is the share of its words in that list.
public struct StopwordTable: Sendable {
    public private(set) var languages: [String] = []
    /// Open-addressing slots (0 = empty), a power of two of them: read by the C block scanner.
    private(set) var keys: [UInt64]
    private(set) var masks: [UInt64]
    /// One bit per key, at `filterBit(of:)`: 4 KiB that stay in the L1 cache, where the table does not.
    /// Most words that are no stop-word are turned away here without a probe of the table.
    private(set) var filter: [UInt64] = [UInt64](repeating: 0, count: StopwordTable.filterWords)
    private var mask: Int
    public private(set) var count = 0

    public init() {
        keys = [UInt64](repeating: 0, count: 16)
        masks = [UInt64](repeating: 0, count: 16)
        mask = 15
    }

    public static let maximumLanguages = 64

    /// The filter's size in 64-bit words (2^15 bits), and a key's bit: the key's top 15 bits, which the
    /// table's index (its low bits) does not use. The C scanner computes the same (cicu.h).
    static let filterWords = 512
    @inline(__always) static func filterBit(of key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 49) }

    /// Adds a language's words (any case: they are lower-cased as lookups are).
    public mutating func add(language: String, words: [String]) {
        var index = languages.firstIndex(of: language) ?? -1
        if index < 0 {
            guard languages.count < Self.maximumLanguages else { return }
            languages.append(language)
            index = languages.count - 1
        }
        let bit: UInt64 = 1 << UInt64(index)
        for word in words {
            let h = Self.hash(word)
            insert(h, bit)
        }
    }

    public static func hash(_ word: String) -> UInt64 {
        let table = CharacterTable.shared
        var h = wordHashSeed
        for s in word.unicodeScalars { h = wordHashStep(h, table.lowercase(s.value)) }
        return h == 0 ? 1 : h
    }

    private mutating func insert(_ key: UInt64, _ bit: UInt64) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while keys[i] != 0 {
            if keys[i] == key { masks[i] |= bit; return }
            i = (i + 1) & mask
        }
        keys[i] = key
        masks[i] = bit
        count += 1
        let f = Self.filterBit(of: key)
        filter[f >> 6] |= 1 << UInt64(f & 63)
    }

    private mutating func grow() {
        let oldKeys = keys, oldMasks = masks
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        masks = [UInt64](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, m) in zip(oldKeys, oldMasks) where k != 0 { insert(k, m) }
    }

    /// Languages (as a bit set over `languages`) whose list holds the word with this hash.
    @inline(__always)
    public func lookup(_ key: UInt64) -> UInt64 {
        let key = key == 0 ? 1 : key
        var i = Int(truncatingIfNeeded: key) & mask
        return keys.withUnsafeBufferPointer { k in
            while k[i] != 0 {
                if k[i] == key { return masks[i] }
                i = (i + 1) & mask
            }
            return 0
        }
    }

    public func contains(_ word: String, language: String) -> Bool {
        guard let index = languages.firstIndex(of: language) else { return false }
        return lookup(Self.hash(word)) & (1 << UInt64(index)) != 0
    }
}
