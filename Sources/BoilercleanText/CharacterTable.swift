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

/// Script, class and lower case of every BMP scalar, read from ICU once (in the C target, which also
/// runs the block scanner over the same tables): per-character work is then a table lookup (ICU-NOTES:
/// 565–769 MB/s against 131–207 calling ICU per scalar). Scalars beyond the BMP ask ICU directly.
public final class CharacterTable: @unchecked Sendable {  // immutable tables, built once
    public static let shared = CharacterTable()

    private let scripts: UnsafePointer<UInt8>
    private let classes: UnsafePointer<UInt8>
    private let lower: UnsafePointer<UInt16>
    private let dictionaryScripts: UnsafePointer<UInt8>

    private init() {
        scripts = cicu_table_scripts()
        classes = cicu_table_classes()
        lower = cicu_table_lower()
        dictionaryScripts = cicu_table_dictionary_scripts()
    }

    @inline(__always)
    public func script(_ scalar: UInt32) -> Int {
        scalar < 0x10000 ? Int(scripts[Int(scalar)]) : Int(cicu_script_of(Int32(bitPattern: scalar)))
    }

    @inline(__always)
    public func characterClass(_ scalar: UInt32) -> CharacterClass {
        CharacterClass(rawValue: scalar < 0x10000 ? classes[Int(scalar)] : cicu_class_of(Int32(bitPattern: scalar)))
    }

    @inline(__always)
    public func lowercase(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x10000 { return UInt32(lower[Int(scalar)]) }
        return UInt32(bitPattern: cicu_to_lower(Int32(bitPattern: scalar)))
    }

    @inline(__always)
    public func isDictionaryScript(_ script: Int) -> Bool { script >= 0 && script < 256 && dictionaryScripts[script] != 0 }
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

/// Decodes the scalar that starts at byte `i` of valid UTF-8 text: its value and its length in bytes.
/// Text reaching the analysis is always valid UTF-8 (`TextDecoder` or ICU wrote it), so no checks beyond
/// the lead byte; callers that start mid-text must start at a lead byte.
@inline(__always)
public func decodeScalar(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
    let b0 = t[i]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 < 0xE0 { return ((UInt32(b0 & 0x1F) << 6) | UInt32(t[i + 1] & 0x3F), 2) }
    if b0 < 0xF0 { return ((UInt32(b0 & 0x0F) << 12) | (UInt32(t[i + 1] & 0x3F) << 6) | UInt32(t[i + 2] & 0x3F), 3) }
    return ((UInt32(b0 & 0x07) << 18) | (UInt32(t[i + 1] & 0x3F) << 12) | (UInt32(t[i + 2] & 0x3F) << 6) | UInt32(t[i + 3] & 0x3F), 4)
}
