import BoilercleanText

/// A phrase list ready for matching: NFKC-casefolded UTF-8, whole-block lookups hashed.
public struct PhraseList: Sendable {
    public let phrases: [[UInt8]]
    public let wholeSet: Set<[UInt8]>
    /// For each phrase: whether its first / last character needs a word boundary beside it
    /// (letters and digits of scripts written with spaces).
    public let boundaryBefore: [Bool]
    public let boundaryAfter: [Bool]

    public init(_ raw: [String], folder: CaseFolder) {
        var phrases: [[UInt8]] = []
        var before: [Bool] = [], after: [Bool] = []
        for p in raw {
            var copy = p
            let folded = copy.withUTF8 { folder.fold($0) }
            let core = CoreText.make(folded: folded)
            guard !core.isEmpty else { continue }
            phrases.append(core)
            let scalars = String(decoding: core, as: UTF8.self).unicodeScalars
            before.append(scalars.first.map(Self.needsBoundary) ?? false)
            after.append(scalars.last.map(Self.needsBoundary) ?? false)
        }
        self.phrases = phrases
        wholeSet = Set(phrases)
        boundaryBefore = before
        boundaryAfter = after
    }

    static func needsBoundary(_ s: Unicode.Scalar) -> Bool {
        let table = CharacterTable.shared
        let cls = table.characterClass(s.value)
        guard cls.contains(.letter) || cls.contains(.digit) else { return false }
        let script = table.script(s.value)
        return !table.isDictionaryScript(script) && script != UnicodeScripts.hangul
    }
}

/// A rule compiled for matching. Regular expressions are per thread: `clone()` a rule set for each.
public final class Rule: @unchecked Sendable {
    public let spec: RuleSpec
    public let file: String
    public let position: SourcePosition
    public let examplePositions: [SourcePosition]
    public let when: Condition
    public let unless: Condition?

    public var id: String { spec.id }
    public var kind: RuleKind { spec.kind }
    public var action: RuleAction { spec.action }
    public var region: RuleRegion { spec.scope ?? .anywhere }

    init(spec: RuleSpec, file: String, position: SourcePosition, examplePositions: [SourcePosition], when: Condition, unless: Condition?) {
        self.spec = spec
        self.file = file
        self.position = position
        self.examplePositions = examplePositions
        self.when = when
        self.unless = unless
    }

    func cloned() -> Rule {
        Rule(spec: spec, file: file, position: position, examplePositions: examplePositions, when: when.cloned(), unless: unless?.cloned())
    }

    public func applies(in mode: CleaningMode) -> Bool { spec.modes?.contains(mode) ?? true }
}

/// Compiled conditions of a rule's `when` or `unless`. A class: it is read for every candidate block,
/// and passing a struct of this many references around would retain each of them every time.
public final class Condition: @unchecked Sendable {
    public let spec: ConditionSpec
    public let phrases: PhraseList?
    public let match: PhraseMatch
    public let regex: ICURegex?
    public let scripts: Set<Int>?
    /// This condition's phrase list in the rule set's `PhraseIndex`, or -1.
    public let phraseSlot: Int
    /// `first-character` as scalar values.
    public let firstCharacters: Set<UInt32>?
    /// The same scalars sorted, for a binary search: `Set.contains` hashed every block's first scalar.
    private let firstCharacterList: [UInt32]
    /// `scripts` below 256 as bits (script codes of blocks are below 256), for the same reason.
    private let scriptBits: Bits256
    /// `firstCharacters` below U+0100 as bits: most blocks open with such a scalar (an ASCII letter), and
    /// the bits answer without the binary search.
    private let firstCharacterBits: Bits256

    public init(spec: ConditionSpec, phrases: PhraseList?, match: PhraseMatch, regex: ICURegex?, scripts: Set<Int>?,
                phraseSlot: Int = -1, firstCharacters: Set<UInt32>? = nil) {
        self.spec = spec
        self.phrases = phrases
        self.match = match
        self.regex = regex
        self.scripts = scripts
        self.phraseSlot = phraseSlot
        self.firstCharacters = firstCharacters
        firstCharacterList = (firstCharacters ?? []).sorted()
        scriptBits = Bits256(scripts ?? [])
        firstCharacterBits = Bits256((firstCharacters ?? []).map(Int.init))
    }

    /// Whether `scripts` holds this script (the same answer as `scripts!.contains`; `scripts` must be set).
    @inline(__always)
    public func admitsScript(_ script: Int) -> Bool {
        guard script >= 0 && script < 256 else { return scripts!.contains(script) }
        return scriptBits.contains(script)
    }

    /// Whether `firstCharacters` holds this scalar (the same answer as `firstCharacters!.contains`).
    public func admitsFirstCharacter(_ scalar: UInt32) -> Bool {
        if scalar < 256 { return firstCharacterBits.contains(Int(scalar)) }
        var low = 0, high = firstCharacterList.count
        while low < high {
            let mid = (low + high) >> 1
            if firstCharacterList[mid] < scalar { low = mid + 1 } else { high = mid }
        }
        return low < firstCharacterList.count && firstCharacterList[low] == scalar
    }

    /// A copy with its own regular expression, for another thread.
    func cloned() -> Condition {
        Condition(spec: spec, phrases: phrases, match: match, regex: regex?.clone(), scripts: scripts,
                  phraseSlot: phraseSlot, firstCharacters: firstCharacters)
    }

    /// The same condition restricted to one of its parts (names as in rule files), for explanations.
    public func only(_ name: String) -> Condition {
        Condition(spec: ConditionSpec.only(name, from: spec),
                  phrases: name == "phrases" ? phrases : nil, match: match,
                  regex: name == "pattern" ? regex : nil,
                  scripts: name == "script" ? scripts : nil,
                  phraseSlot: name == "phrases" ? phraseSlot : -1,
                  firstCharacters: name == "first-character" ? firstCharacters : nil)
    }
}

/// Which of the values 0–255 a set holds, as four words of bits: answered without hashing.
struct Bits256 {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Values outside 0–255 are left out.
    init(_ values: some Sequence<Int>) {
        var w: [UInt64] = [0, 0, 0, 0]
        for v in values where v >= 0 && v < 256 { w[v >> 6] |= 1 << UInt64(v & 63) }
        words = (w[0], w[1], w[2], w[3])
    }

    /// `value` must lie in 0–255.
    @inline(__always)
    func contains(_ value: Int) -> Bool {
        let word: UInt64
        switch value >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return word & (1 << UInt64(value & 63)) != 0
    }
}
