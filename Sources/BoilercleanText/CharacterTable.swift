import CICU

/// Character classes of a scalar, as bits: what the block scanner needs to know about each character.
public struct CharacterClass: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let letter = CharacterClass(rawValue: 1)
    public static let digit = CharacterClass(rawValue: 2)
    public static let punctuation = CharacterClass(rawValue: 4)
    public static let symbol = CharacterClass(rawValue: 8)
    public static let space = CharacterClass(rawValue: 16)
    /// Unicode Sentence_Terminal: . ! ? 。 ！ ？ ؟ । and their kin.
    public static let sentenceTerminal = CharacterClass(rawValue: 32)
    /// Combining marks: they continue the word they follow.
    public static let mark = CharacterClass(rawValue: 64)
    /// Closing quotes and brackets, which may follow a sentence's final punctuation.
    public static let closing = CharacterClass(rawValue: 128)
}

/// Script, class and lower case of every BMP scalar, read from ICU once: the per-character work of
/// block analysis is then a table lookup (ICU-NOTES: 565–769 MB/s against 131–207 calling ICU per scalar).
/// Scalars beyond the BMP (emoji, rare Han) ask ICU directly.
public final class CharacterTable: Sendable {
    public static let shared = CharacterTable()

    private let scripts: [UInt8]
    private let classes: [UInt8]
    private let lower: [UInt16]
    /// Scripts written without spaces, which need dictionary word segmentation.
    private let dictionaryScripts: [Bool]

    private init() {
        var scripts = [UInt8](repeating: 0, count: 0x10000)
        var classes = [UInt8](repeating: 0, count: 0x10000)
        var lower = [UInt16](repeating: 0, count: 0x10000)
        for c in 0..<0x10000 {
            lower[c] = UInt16(c)
            if c >= 0xD800 && c < 0xE000 { continue }
            let s = cicu_script(Int32(c))
            scripts[c] = (s >= 0 && s < 256) ? UInt8(s) : 0
            classes[c] = Self.computeClass(Int32(c)).rawValue
            let l = cicu_to_lower(Int32(c))
            if l < 0x10000 { lower[c] = UInt16(l) }
        }
        self.scripts = scripts
        self.classes = classes
        self.lower = lower
        var dictionary = [Bool](repeating: false, count: 256)
        for name in ["Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar"] {
            if let code = UnicodeScripts.code(named: name), code < 256 { dictionary[code] = true }
        }
        dictionaryScripts = dictionary
    }

    private static func computeClass(_ c: Int32) -> CharacterClass {
        // UCharCategory values (uchar.h): 1-5 letters, 6-8 marks, 9 Nd, 10 Nl, 11 No, 12-14 Z*,
        // 15-18 C*, 19-23 and 28-29 punctuation, 24-27 symbols.
        var k: CharacterClass = []
        let t = cicu_char_type(c)
        switch t {
        case 1...5: k.insert(.letter)
        case 6...8: k.insert(.mark)
        case 9, 10: k.insert(.digit)
        case 11: k.insert(.symbol)
        case 12...14: k.insert(.space)
        case 19...23, 28, 29: k.insert(.punctuation)
        case 24...27: k.insert(.symbol)
        default: break
        }
        if cicu_is_white_space(c) != 0 { k.insert(.space) }
        if cicu_is_sentence_terminal(c) != 0 { k.insert(.sentenceTerminal) }
        // Pe (closing punctuation, 22) and Pf (final quotes, 29), plus the ambiguous ASCII quotes.
        if t == 22 || t == 29 || c == 0x22 || c == 0x27 || c == 0x300D || c == 0x300F { k.insert(.closing) }
        return k
    }

    @inline(__always)
    public func script(_ scalar: UInt32) -> Int {
        if scalar < 0x10000 { return Int(scripts[Int(scalar)]) }
        return Int(max(0, cicu_script(Int32(bitPattern: scalar))))
    }

    @inline(__always)
    public func characterClass(_ scalar: UInt32) -> CharacterClass {
        if scalar < 0x10000 { return CharacterClass(rawValue: classes[Int(scalar)]) }
        return Self.computeClass(Int32(bitPattern: scalar))
    }

    @inline(__always)
    public func lowercase(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x10000 { return UInt32(lower[Int(scalar)]) }
        return UInt32(bitPattern: cicu_to_lower(Int32(bitPattern: scalar)))
    }

    @inline(__always)
    public func isDictionaryScript(_ script: Int) -> Bool { script < 256 && dictionaryScripts[script] }

    /// Direct access for the scanner's inner loop.
    func withTables<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt16>, UnsafeBufferPointer<Bool>) -> R) -> R {
        scripts.withUnsafeBufferPointer { s in
            classes.withUnsafeBufferPointer { c in
                lower.withUnsafeBufferPointer { l in
                    dictionaryScripts.withUnsafeBufferPointer { d in body(s, c, l, d) }
                }
            }
        }
    }
}

/// FNV-1a over lower-cased scalars: how words are looked up in stop-word tables.
@inline(__always)
func wordHashStep(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
    var h = hash
    h = (h ^ UInt64(scalar & 0xFF)) &* 0x100000001b3
    h = (h ^ UInt64(scalar >> 8)) &* 0x100000001b3
    return h
}
let wordHashSeed: UInt64 = 0xcbf29ce484222325
