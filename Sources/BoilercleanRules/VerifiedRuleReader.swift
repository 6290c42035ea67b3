import Yams

/// Reads a verified rule file (`RuleSource.verified`: the built-in rules, which the tests load with every
/// check) straight from Yams' node tree, each mapping walked once. The Codable path looks every key up by a
/// scan of the mapping's pairs and compares nodes on the way, most of the start-up's work. Anything this
/// reader does not expect (a missing key, a value of another type, an unknown key or value) makes it give
/// up, and the file goes through the Codable path with its diagnostics. The tests check that both paths
/// read the built-in rules to the same specs (`BuiltInRuleTests`). Keys are the specs' own `CodingKeys`,
/// switched over exhaustively: a key added to a spec does not compile here until it is read.
enum VerifiedRuleReader {
    struct Unexpected: Error {}

    static func file(_ node: Node) throws -> RuleFileSpec {
        var version: Int?
        var rules: [RuleSpec] = []
        for (key, value) in try pairs(node, RuleFileSpec.CodingKeys.self) {
            switch key {
            case .version: version = try int(value)
            case .rules: rules = try list(value).map(rule)
            }
        }
        guard let version else { throw Unexpected() }
        return RuleFileSpec(version: version, rules: rules)
    }

    static func rule(_ node: Node) throws -> RuleSpec {
        var id: String?, kind: RuleKind?, description: String?, action: RuleAction?, when: ConditionSpec?
        var languages: [String]?, modes: [CleaningMode]?, scope: RuleRegion?, within: Double?, blocks: Int?
        var unless: ConditionSpec?, examples: ExamplesSpec?
        for (key, value) in try pairs(node, RuleSpec.CodingKeys.self) {
            switch key {
            case .id: id = try string(value)
            case .kind: kind = try raw(value)
            case .description: description = try string(value)
            case .languages: languages = try strings(value)
            case .modes: modes = try list(value).map { try raw($0) }
            case .scope: scope = try raw(value)
            case .within: within = try double(value)
            case .blocks: blocks = try int(value)
            case .action: action = try raw(value)
            case .when: when = try condition(value)
            case .unless: unless = try condition(value)
            case .examples: examples = try self.examples(value)
            }
        }
        guard let id, let kind, let description, let action, let when else { throw Unexpected() }
        var spec = RuleSpec(id: id, kind: kind, description: description, action: action, when: when)
        spec.languages = languages
        spec.modes = modes
        spec.scope = scope
        spec.within = within
        spec.blocks = blocks
        spec.unless = unless
        spec.examples = examples
        return spec
    }

    static func condition(_ node: Node) throws -> ConditionSpec {
        var c = ConditionSpec()
        for (key, value) in try pairs(node, ConditionSpec.CodingKeys.self) {
            switch key {
            case .phrases: c.phrases = try strings(value)
            case .match: c.match = try raw(value)
            case .pattern: c.pattern = try string(value)
            case .words: c.words = try count(value)
            case .sentences: c.sentences = try count(value)
            case .sentenceMarks: c.sentenceMarks = try count(value)
            case .chars: c.chars = try count(value)
            case .length: c.length = try count(value)
            case .letters: c.letters = try share(value)
            case .digits: c.digits = try share(value)
            case .punctuation: c.punctuation = try share(value)
            case .symbols: c.symbols = try share(value)
            case .stopwords: c.stopwords = try share(value)
            case .script: c.script = try strings(value)
            case .departsFromBody: c.departsFromBody = try flag(value)
            case .inDepartingTail: c.inDepartingTail = try flag(value)
            case .terminalPunctuation: c.terminalPunctuation = try flag(value)
            case .shape: c.shape = try list(value).map { try raw($0) }
            case .repeated: c.repeated = try flag(value)
            case .numberedItem: c.numberedItem = try flag(value)
            case .knownLanguage: c.knownLanguage = try flag(value)
            case .language: c.language = try strings(value)
            case .proseBefore: c.proseBefore = try count(value)
            case .proseAfter: c.proseAfter = try count(value)
            case .firstCharacter: c.firstCharacter = try strings(value)
            }
        }
        return c
    }

    static func examples(_ node: Node) throws -> ExamplesSpec {
        var remove: [ExampleSpec] = [], keep: [ExampleSpec] = []
        for (key, value) in try pairs(node, ExamplesSpec.CodingKeys.self) {
            switch key {
            case .remove: remove = try list(value).map(example)
            case .keep: keep = try list(value).map(example)
            }
        }
        return ExamplesSpec(remove: remove, keep: keep)
    }

    static func example(_ node: Node) throws -> ExampleSpec {
        if case .scalar(let s) = node { return ExampleSpec(text: s.string, isDocument: false) }
        let p = try pairs(node)
        guard p.count == 1, p[0].0 == "document" else { throw Unexpected() }
        return ExampleSpec(text: try string(p[0].1), isDocument: true)
    }

    // MARK: - Values

    static func pairs(_ node: Node) throws -> [(String, Node)] {
        guard case .mapping(let m) = node else { throw Unexpected() }
        return try m.map { pair in
            guard case .scalar(let k) = pair.key else { throw Unexpected() }
            return (k.string, pair.value)
        }
    }

    /// A mapping's pairs by the keys of `Key` (a spec's `CodingKeys`); an unknown key gives up.
    static func pairs<Key: RawRepresentable>(_ node: Node, _: Key.Type) throws -> [(Key, Node)] where Key.RawValue == String {
        try pairs(node).map { key, value in
            guard let k = Key(rawValue: key) else { throw Unexpected() }
            return (k, value)
        }
    }

    static func list(_ node: Node) throws -> [Node] {
        guard case .sequence(let s) = node else { throw Unexpected() }
        return Array(s)
    }

    static func string(_ node: Node) throws -> String {
        guard case .scalar(let s) = node else { throw Unexpected() }
        return s.string
    }

    static func strings(_ node: Node) throws -> [String] { try list(node).map(string) }

    static func int(_ node: Node) throws -> Int {
        guard let v = Int(try string(node)) else { throw Unexpected() }
        return v
    }

    static func double(_ node: Node) throws -> Double {
        let text = try string(node)
        // Plain decimals only (YAML's other spellings, ".inf" and the like, go the Codable way).
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }), let v = Double(text) else { throw Unexpected() }
        return v
    }

    static func flag(_ node: Node) throws -> Bool {
        switch try string(node) {
        case "true": return true
        case "false": return false
        default: throw Unexpected()
        }
    }

    static func raw<T: RawRepresentable>(_ node: Node) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: try string(node)) else { throw Unexpected() }
        return v
    }

    static func count(_ node: Node) throws -> CountBounds {
        let b = try bounds(node, int)
        return CountBounds(min: b.min, max: b.max)
    }

    static func share(_ node: Node) throws -> ShareBounds {
        let b = try bounds(node, double)
        return ShareBounds(min: b.min, max: b.max)
    }

    /// The `min` and `max` of a bounds mapping, each read by `value`.
    static func bounds<T>(_ node: Node, _ value: (Node) throws -> T) throws -> (min: T?, max: T?) {
        var b: (min: T?, max: T?) = (nil, nil)
        for (key, v) in try pairs(node) {
            switch key {
            case "min": b.min = try value(v)
            case "max": b.max = try value(v)
            default: throw Unexpected()
            }
        }
        return b
    }
}

extension RuleFileSpec {
    init(version: Int, rules: [RuleSpec]) {
        self.version = version
        self.rules = rules
    }
}

extension RuleSpec {
    init(id: String, kind: RuleKind, description: String, action: RuleAction, when: ConditionSpec) {
        self.id = id
        self.kind = kind
        self.description = description
        self.action = action
        self.when = when
    }
}

extension ExamplesSpec {
    init(remove: [ExampleSpec], keep: [ExampleSpec]) {
        self.remove = remove
        self.keep = keep
    }
}

extension ExampleSpec {
    init(text: String, isDocument: Bool) {
        self.text = text
        self.isDocument = isDocument
    }
}
