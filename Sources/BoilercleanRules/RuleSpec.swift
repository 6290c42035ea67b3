import BoilercleanText

/// The kinds of residue a rule removes (or `body` for rules that protect text).
public enum RuleKind: String, Sendable, CaseIterable, Codable {
    case disclaimer, widget, share, related, copyright, navigation, cookie, advertising, other, body
}

/// What a rule does when it fires.
public enum RuleAction: String, Sendable, CaseIterable, Codable {
    /// Remove this block.
    case drop
    /// Remove this block and everything after it.
    case dropToEnd = "drop-to-end"
    /// Remove this block and everything before it.
    case dropToStart = "drop-to-start"
    /// Remove this block, a list's header, and the list after it: the following lines without sentence
    /// punctuation of at most `RuleAction.listItemWords` words (headlines), when the header follows at
    /// least `RuleAction.listProseBefore` words of prose (a header above the article heads the page, and
    /// the lines after it are the article's title and byline).
    case dropList = "drop-list"
    /// Protect this block as body: no drop rule removes it.
    case keep
    /// Remove matching blocks at the document's edge (scope head or tail), stopping at the first block
    /// that does not match and is not removed anyway.
    case trim
    /// Page mode classes, as jusText's first pass: evidence the context pass and the main-region search
    /// settle. The first classifying rule that fires on a block gives its class.
    case good
    case nearGood = "near-good"
    case short
    case bad

    public static let listItemWords = 20
    public static let listProseBefore = 30

    public var isClassification: Bool { self == .good || self == .nearGood || self == .short || self == .bad }
}

/// Where in the document a rule looks.
public enum RuleRegion: String, Sendable, CaseIterable, Codable {
    case head, tail, anywhere
}

/// The cleaning settings a rule applies in.
public enum CleaningMode: String, Sendable, CaseIterable, Codable {
    /// Full page text: navigation, menus and footers are all around the article.
    case page
    /// Text an extractor already reduced to the article: only residue is left.
    case extracted
}

/// How phrases are matched against a block's NFKC-casefolded text.
public enum PhraseMatch: String, Sendable, CaseIterable, Codable {
    /// The block, trimmed of spaces, punctuation, symbols and digits at its edges, equals a phrase.
    case whole
    /// The trimmed block starts with a phrase.
    case prefix
    /// A phrase occurs anywhere (at word boundaries in scripts written with spaces).
    case contains
}

public struct CountBounds: Sendable, Equatable, Codable {
    public var min: Int?
    public var max: Int?
    public func contains(_ value: Int) -> Bool { (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true) }
}

public struct ShareBounds: Sendable, Equatable, Codable {
    public var min: Double?
    public var max: Double?
    public func contains(_ value: Double) -> Bool { (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true) }
}

/// Conditions over a block, as written in a rule file. Every condition given must hold.
public struct ConditionSpec: Sendable, Equatable, Codable {
    public var phrases: [String]?
    public var match: PhraseMatch?
    public var pattern: String?
    public var words: CountBounds?
    public var sentences: CountBounds?
    public var sentenceMarks: CountBounds?
    public var chars: CountBounds?
    public var length: CountBounds?
    public var letters: ShareBounds?
    public var digits: ShareBounds?
    public var punctuation: ShareBounds?
    public var symbols: ShareBounds?
    public var stopwords: ShareBounds?
    public var script: [String]?
    public var departsFromBody: Bool?
    public var inDepartingTail: Bool?
    public var terminalPunctuation: Bool?
    public var shape: [Shape]?
    public var repeated: Bool?
    public var numberedItem: Bool?
    public var knownLanguage: Bool?
    /// The page's language (the stop-word list with most hits) is one of these.
    public var language: [String]?
    public var proseBefore: CountBounds?
    public var proseAfter: CountBounds?
    public var firstCharacter: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phrases, match, pattern, words, sentences, chars, length, letters, digits, punctuation, symbols, stopwords, script
        case sentenceMarks = "sentence-marks"
        case departsFromBody = "departs-from-body"
        case inDepartingTail = "in-departing-tail"
        case terminalPunctuation = "terminal-punctuation"
        case shape, repeated
        case numberedItem = "numbered-item"
        case knownLanguage = "known-language"
        case language
        case proseBefore = "prose-before"
        case proseAfter = "prose-after"
        case firstCharacter = "first-character"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phrases = try c.decodeIfPresent([String].self, forKey: .phrases)
        match = try c.decodeIfPresent(PhraseMatch.self, forKey: .match)
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        words = try c.decodeIfPresent(CountBounds.self, forKey: .words)
        sentences = try c.decodeIfPresent(CountBounds.self, forKey: .sentences)
        sentenceMarks = try c.decodeIfPresent(CountBounds.self, forKey: .sentenceMarks)
        chars = try c.decodeIfPresent(CountBounds.self, forKey: .chars)
        length = try c.decodeIfPresent(CountBounds.self, forKey: .length)
        letters = try c.decodeIfPresent(ShareBounds.self, forKey: .letters)
        digits = try c.decodeIfPresent(ShareBounds.self, forKey: .digits)
        punctuation = try c.decodeIfPresent(ShareBounds.self, forKey: .punctuation)
        symbols = try c.decodeIfPresent(ShareBounds.self, forKey: .symbols)
        stopwords = try c.decodeIfPresent(ShareBounds.self, forKey: .stopwords)
        script = try c.decodeIfPresent([String].self, forKey: .script)
        departsFromBody = try c.decodeFlag(forKey: .departsFromBody)
        inDepartingTail = try c.decodeFlag(forKey: .inDepartingTail)
        terminalPunctuation = try c.decodeFlag(forKey: .terminalPunctuation)
        shape = try c.decodeIfPresent([Shape].self, forKey: .shape)
        repeated = try c.decodeFlag(forKey: .repeated)
        numberedItem = try c.decodeFlag(forKey: .numberedItem)
        knownLanguage = try c.decodeFlag(forKey: .knownLanguage)
        language = try c.decodeIfPresent([String].self, forKey: .language)
        proseBefore = try c.decodeIfPresent(CountBounds.self, forKey: .proseBefore)
        proseAfter = try c.decodeIfPresent(CountBounds.self, forKey: .proseAfter)
        firstCharacter = try c.decodeIfPresent([String].self, forKey: .firstCharacter)
    }

    public var isEmpty: Bool { self == ConditionSpec() }

    /// A copy holding only the named condition (names as in rule files).
    public static func only(_ name: String, from c: ConditionSpec) -> ConditionSpec {
        var s = ConditionSpec()
        switch name {
        case "phrases": s.phrases = c.phrases; s.match = c.match
        case "pattern": s.pattern = c.pattern
        case "words": s.words = c.words
        case "sentences": s.sentences = c.sentences
        case "sentence-marks": s.sentenceMarks = c.sentenceMarks
        case "chars": s.chars = c.chars
        case "length": s.length = c.length
        case "known-language": s.knownLanguage = c.knownLanguage
        case "language": s.language = c.language
        case "prose-before": s.proseBefore = c.proseBefore
        case "prose-after": s.proseAfter = c.proseAfter
        case "first-character": s.firstCharacter = c.firstCharacter
        case "letters": s.letters = c.letters
        case "digits": s.digits = c.digits
        case "punctuation": s.punctuation = c.punctuation
        case "symbols": s.symbols = c.symbols
        case "stopwords": s.stopwords = c.stopwords
        case "script": s.script = c.script
        case "departs-from-body": s.departsFromBody = c.departsFromBody
        case "in-departing-tail": s.inDepartingTail = c.inDepartingTail
        case "terminal-punctuation": s.terminalPunctuation = c.terminalPunctuation
        case "shape": s.shape = c.shape
        case "repeated": s.repeated = c.repeated
        case "numbered-item": s.numberedItem = c.numberedItem
        default: break
        }
        return s
    }
}

/// A text a rule must remove or keep: one block, or a whole small document where context matters.
public struct ExampleSpec: Sendable, Equatable, Codable {
    public var text: String
    /// A whole document (`document:` key) rather than a single block.
    public var isDocument: Bool

    public init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let text = try? single.decode(String.self) {
            self.text = text
            isDocument = false
            return
        }
        try StrictKeys.check(decoder, allowed: ["document"])
        let c = try decoder.container(keyedBy: StrictKeys.AnyKey.self)
        text = try c.decode(String.self, forKey: StrictKeys.AnyKey("document"))
        isDocument = true
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

public struct ExamplesSpec: Sendable, Equatable, Codable {
    public var remove: [ExampleSpec]
    public var keep: [ExampleSpec]

    enum CodingKeys: String, CodingKey, CaseIterable { case remove, keep }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        remove = try c.decodeIfPresent([ExampleSpec].self, forKey: .remove) ?? []
        keep = try c.decodeIfPresent([ExampleSpec].self, forKey: .keep) ?? []
    }
}

/// One rule as written in a rule file.
public struct RuleSpec: Sendable, Equatable, Codable {
    public var id: String
    public var kind: RuleKind
    public var description: String
    public var languages: [String]?
    public var modes: [CleaningMode]?
    public var scope: RuleRegion?
    public var within: Double?
    public var blocks: Int?
    public var action: RuleAction
    public var when: ConditionSpec
    public var unless: ConditionSpec?
    public var examples: ExamplesSpec?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, description, languages, modes, scope, within, blocks, action, when, unless, examples
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(RuleKind.self, forKey: .kind)
        description = try c.decode(String.self, forKey: .description)
        languages = try c.decodeIfPresent([String].self, forKey: .languages)
        modes = try c.decodeIfPresent([CleaningMode].self, forKey: .modes)
        scope = try c.decodeIfPresent(RuleRegion.self, forKey: .scope)
        within = try c.decodeIfPresent(Double.self, forKey: .within)
        blocks = try c.decodeIfPresent(Int.self, forKey: .blocks)
        action = try c.decode(RuleAction.self, forKey: .action)
        when = try c.decode(ConditionSpec.self, forKey: .when)
        unless = try c.decodeIfPresent(ConditionSpec.self, forKey: .unless)
        examples = try c.decodeIfPresent(ExamplesSpec.self, forKey: .examples)
    }
}

/// A rule file: a format version and its rules.
public struct RuleFileSpec: Sendable, Equatable, Codable {
    public static let supportedVersions = [1]
    public var version: Int
    public var rules: [RuleSpec]

    enum CodingKeys: String, CodingKey, CaseIterable { case version, rules }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        rules = try c.decodeIfPresent([RuleSpec].self, forKey: .rules) ?? []
    }
}

extension KeyedDecodingContainer {
    /// A YAML boolean (true/false, yes/no, on/off; lower case, capitalised or upper case, as YAML 1.1
    /// resolves them), read from the scalar's text. The rule loader resolves no tags (`RuleLoader.resolver`):
    /// Yams' boolean tag rule ran a regular expression on every key it compared, a fifth of the start-up.
    func decodeFlag(forKey key: Key) throws -> Bool? {
        guard contains(key) else { return nil }
        let text: String
        do {
            text = try decode(String.self, forKey: key)
        } catch {
            throw Swift.DecodingError.typeMismatch(Bool.self, Swift.DecodingError.Context(codingPath: codingPath + [key], debugDescription: "expected true or false"))
        }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default:
            throw Swift.DecodingError.typeMismatch(Bool.self, Swift.DecodingError.Context(codingPath: codingPath + [key], debugDescription: "expected true or false"))
        }
    }
}
