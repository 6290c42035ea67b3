import BoilercleanText

/// A source file of a rule set: a YAML rule file or a stop-word list, by path and contents.
public struct RuleSource: Sendable {
    public var path: String
    public var contents: String
    /// The file is known to be valid (the built-in rules, which the tests load and compile with every
    /// check): it is read straight from the YAML node tree (`VerifiedRuleReader`), ICU compiles each
    /// pattern when a text first reaches it, and the unknown-key, empty-match and duplicate-phrase checks
    /// are skipped. Files a user gives are never verified.
    public var verified: Bool
    public init(path: String, contents: String, verified: Bool = false) {
        self.path = path
        self.contents = contents
        self.verified = verified
    }

    var isRuleFile: Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
    /// `…/stopwords/<language>.txt`
    var stopwordLanguage: String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "stopwords", let name = parts.last, name.hasSuffix(".txt") else { return nil }
        return String(name.dropLast(4))
    }
}

/// The rules and stop-word lists a cleaner works with.
public final class RuleSet: @unchecked Sendable {
    public let rules: [Rule]
    public let stopwords: StopwordTable
    public let files: [LoadedRuleFile]
    public let phrases: PhraseIndex

    init(rules: [Rule], stopwords: StopwordTable, files: [LoadedRuleFile], phrases: PhraseIndex) {
        self.rules = rules
        self.stopwords = stopwords
        self.files = files
        self.phrases = phrases
    }

    /// A copy whose regular expressions can be used on another thread.
    public func clone() -> RuleSet { RuleSet(rules: rules.map { $0.cloned() }, stopwords: stopwords, files: files, phrases: phrases) }

    /// Compiles the patterns whose compilation was deferred to their first use (`RuleSource.verified`).
    public func compileDeferredPatterns() {
        for rule in rules {
            rule.when.regex?.compileIfDeferred()
            rule.unless?.regex?.compileIfDeferred()
        }
    }

    /// The same rules restricted to some of them (for running one rule alone).
    public func subset(_ keep: (Rule) -> Bool) -> RuleSet {
        let chosen = rules.filter(keep).map { $0.cloned() }
        return RuleSet(rules: chosen, stopwords: stopwords, files: files, phrases: phrases)
    }

    /// Compiles sources into a rule set, or every problem found in them.
    public static func compile(_ sources: [RuleSource]) -> Result<RuleSet, RuleLoadingError> {
        let (set, diagnostics) = RuleCompiler.compile(sources)
        if let set, !diagnostics.contains(where: { $0.severity == .error }) { return .success(set) }
        return .failure(RuleLoadingError(diagnostics: diagnostics))
    }
}

/// Checks and compiles rule files. Every problem is collected, not just the first.
public enum RuleCompiler {
    public static let regexTimeLimit: Int32 = 50

    public static func compile(_ sources: [RuleSource]) -> (RuleSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [LoadedRuleFile] = []
        var stopwords = StopwordTable()
        let checked = Set(sources.filter(\.verified).map(\.path))
        for source in sources.sorted(by: { $0.path < $1.path }) {
            if let language = source.stopwordLanguage {
                let words = source.contents.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
                    .map { $0.trimmingSpaces() }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
                stopwords.add(language: language, words: words)
            } else if source.isRuleFile {
                let (file, problems) = RuleLoader.load(path: source.path, source: source.contents, checked: source.verified)
                diagnostics += problems
                // A file with structural problems is still checked further (from its repaired tree),
                // so that one run reports everything; its broken rules are never compiled.
                if let file { files.append(file) }
            }
        }
        guard let folder = try? CaseFolder() else {
            return (nil, diagnostics + [Diagnostic(file: "-", line: 1, column: 1, message: "ICU normaliser unavailable")])
        }
        var rules: [Rule] = []
        var nextPhraseSlot = 0
        var seen: [String: (String, SourcePosition)] = [:]
        for file in files {
            let lines = file.lines
            func report(_ position: SourcePosition, _ message: String, _ severity: Diagnostic.Severity = .error) {
                diagnostics.append(Diagnostic(file: file.path, line: position.line, column: position.column, severity: severity, message: message,
                                              sourceLine: position.line >= 1 && position.line <= lines.count ? lines[position.line - 1] : nil))
            }
            let locator = Locator(file: file)
            let verified = checked.contains(file.path)
            if !file.placeholders.contains("version") && !RuleFileSpec.supportedVersions.contains(file.spec.version) {
                report(locator.position(["version"]), "unknown rule format version \(file.spec.version); this boilerclean reads version \(RuleFileSpec.supportedVersions.map(String.init).joined(separator: ", "))")
                continue
            }
            for (index, spec) in file.spec.rules.enumerated() {
                let path: [String] = ["rules", "\(index)"]
                let rulePosition = index < file.rulePositions.count ? file.rulePositions[index] : SourcePosition(line: 1, column: 1)
                var ok = !file.brokenRules.contains(index)
                func placeholder(_ key: String) -> Bool { file.isPlaceholder(rule: index, key: key) }
                func fail(_ sub: [String], _ message: String, _ severity: Diagnostic.Severity = .error) {
                    report(locator.position(path + sub), message, severity)
                    if severity == .error { ok = false }
                }
                if placeholder("id") {
                    // Already reported by the loader.
                } else if !isValidId(spec.id) {
                    fail(["id"], "rule id '\(spec.id)' must be lowercase letters, digits, '.', '-' and '_', like 'en.share-buttons'")
                } else if let previous = seen[spec.id] {
                    fail(["id"], "duplicate rule id '\(spec.id)' (first defined at \(previous.0):\(previous.1.line):\(previous.1.column))")
                } else {
                    seen[spec.id] = (file.path, locator.position(path + ["id"]))
                }
                if let within = spec.within {
                    if !(within > 0 && within <= 1) { fail(["within"], "within must be a share of the document between 0 (exclusive) and 1, got \(within)") }
                    if (spec.scope ?? .anywhere) == .anywhere { fail(["within"], "within only makes sense with scope head or tail", .warning) }
                }
                if let blocks = spec.blocks, blocks < 1 { fail(["blocks"], "blocks must be at least 1, got \(blocks)") }
                // A broken rule may have lost keys of `when` to the loader's repairs: no second report for that.
                if spec.when.isEmpty && !file.brokenRules.contains(index) { fail(["when"], "a rule needs at least one condition: with none it would fire on every block") }
                let when = compileCondition(spec.when, folder: folder, languages: stopwords.languages, path: ["when"], nextPhraseSlot: &nextPhraseSlot, verified: verified, fail: fail)
                var unless: Condition? = nil
                if let u = spec.unless {
                    if u.isEmpty && !file.brokenRules.contains(index) { fail(["unless"], "empty unless: it would always hold and the rule would never fire") }
                    unless = compileCondition(u, folder: folder, languages: stopwords.languages, path: ["unless"], nextPhraseSlot: &nextPhraseSlot, verified: verified, fail: fail)
                }
                if spec.action == .trim && (spec.scope ?? .anywhere) == .anywhere && !placeholder("action") {
                    fail(["action"], "trim works from an edge: give scope head or tail")
                }
                if (spec.examples == nil || (spec.examples!.remove.isEmpty && spec.examples!.keep.isEmpty)) && !file.brokenRules.contains(index) {
                    fail([], "rule '\(spec.id)' has no examples: give texts it must remove and keep", .warning)
                }
                if ok {
                    rules.append(Rule(spec: spec, file: file.path, position: rulePosition,
                                      examplePositions: index < file.examplePositions.count ? file.examplePositions[index] : [],
                                      when: when, unless: unless))
                }
            }
        }
        let index = PhraseIndex(conditions: rules.flatMap { [$0.when, $0.unless].compactMap { $0 } }, slotCount: nextPhraseSlot)
        return (RuleSet(rules: rules, stopwords: stopwords, files: files, phrases: index), diagnostics)
    }

    static func isValidId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
    }

    static func compileCondition(_ spec: ConditionSpec, folder: CaseFolder, languages: [String], path: [String], nextPhraseSlot: inout Int,
                                 verified: Bool = false, fail: ([String], String, Diagnostic.Severity) -> Void) -> Condition {
        var phrases: PhraseList? = nil
        var regex: ICURegex? = nil
        var scripts: Set<Int>? = nil
        var firstCharacters: Set<UInt32>? = nil
        if let phraseList = spec.phrases {
            if phraseList.isEmpty { fail(path + ["phrases"], "empty phrase list", .error) }
            var seen: [String: Int] = [:]
            // Verified files (the built-in rules) were checked when the tests loaded them.
            for (i, p) in phraseList.enumerated() where !verified {
                // Phrases match by their core text (folded, trimmed, optional vowel marks left out): two
                // entries with the same core are one phrase.
                let core = String(decoding: CoreText.make(folded: Array(folder.fold(p).utf8)), as: UTF8.self)
                if core.isEmpty {
                    fail(path + ["phrases", "\(i)"], "empty phrase (nothing left after trimming spaces and punctuation)", .error)
                } else if let first = seen[core] {
                    fail(path + ["phrases", "\(i)"], "duplicate phrase '\(p)' (same as entry \(first + 1) after NFKC case folding, trimming and leaving out vowel marks)", .error)
                } else {
                    seen[core] = i
                }
            }
            phrases = PhraseList(spec.phrases!, folder: folder)
        } else if spec.match != nil {
            fail(path + ["match"], "match has no effect without phrases", .warning)
        }
        if let pattern = spec.pattern {
            do {
                let compiled = try ICURegex(pattern, caseInsensitive: true, timeLimit: regexTimeLimit, deferred: verified)
                if verified {
                    // Checked when the tests compile the built-in rules in full.
                } else if case .match = compiled.firstMatch(in: "") {
                    fail(path + ["pattern"], "pattern matches the empty string, so it matches every block", .error)
                } else if hasEmptyAlternative(pattern) {
                    fail(path + ["pattern"], "pattern has an empty alternative ('||', '(|' or '|)'), which matches everywhere", .error)
                }
                regex = compiled
            } catch {
                let offset = error.offset.map { " at offset \($0)" } ?? ""
                fail(path + ["pattern"], "pattern does not compile: \(error.message)\(offset)", .error)
            }
        }
        for (key, bounds) in [("words", spec.words), ("sentences", spec.sentences), ("chars", spec.chars), ("length", spec.length), ("sentence-marks", spec.sentenceMarks), ("prose-before", spec.proseBefore), ("prose-after", spec.proseAfter)] {
            guard let b = bounds else { continue }
            if let lo = b.min, let hi = b.max, lo > hi { fail(path + [key], "\(key): min \(lo) is above max \(hi), so the condition can never hold", .error) }
            if let lo = b.min, lo < 0 { fail(path + [key, "min"], "\(key): min cannot be negative", .error) }
            if b.min == nil && b.max == nil { fail(path + [key], "\(key): give min and/or max", .error) }
        }
        for (key, bounds) in [("letters", spec.letters), ("digits", spec.digits), ("punctuation", spec.punctuation), ("symbols", spec.symbols), ("stopwords", spec.stopwords)] {
            guard let b = bounds else { continue }
            if let lo = b.min, let hi = b.max, lo > hi { fail(path + [key], "\(key): min \(lo) is above max \(hi), so the condition can never hold", .error) }
            for (name, v) in [("min", b.min), ("max", b.max)] {
                if let v, v < 0 || v > 1 { fail(path + [key, name], "\(key): \(name) is a share between 0 and 1, got \(v)", .error) }
            }
            if b.min == nil && b.max == nil { fail(path + [key], "\(key): give min and/or max", .error) }
        }
        if let characters = spec.firstCharacter {
            var set = Set<UInt32>()
            for (i, c) in characters.enumerated() {
                let scalars = Array(c.unicodeScalars)
                if scalars.count != 1 {
                    fail(path + ["first-character", "\(i)"], "first-character entries must be single characters, got '\(c)'", .error)
                } else {
                    set.insert(scalars[0].value)
                }
            }
            if characters.isEmpty { fail(path + ["first-character"], "empty first-character list", .error) }
            firstCharacters = set
        }
        if let names = spec.script {
            var codes = Set<Int>()
            for (i, name) in names.enumerated() {
                if let code = UnicodeScripts.code(named: name) { codes.insert(code) } else {
                    var message = "unknown script '\(name)'"
                    if let s = suggestion(for: name, among: UnicodeScripts.allNames) { message += "; did you mean '\(s)'?" }
                    fail(path + ["script", "\(i)"], message, .error)
                }
            }
            scripts = codes
        }
        if let codes = spec.language {
            if codes.isEmpty { fail(path + ["language"], "empty language list: the condition could never hold", .error) }
            // A page's language is the stop-word list with most hits, so only those languages can ever be found.
            for (i, code) in codes.enumerated() where !languages.contains(code) {
                var message = "no stop-word list for language '\(code)' (Rules/stopwords/\(code).txt), so no page is ever found to be in it"
                if let s = suggestion(for: code, among: languages) { message += "; did you mean '\(s)'?" }
                fail(path + ["language", "\(i)"], message, .error)
            }
        }
        if phrases != nil { nextPhraseSlot += 1 }
        return Condition(spec: spec, phrases: phrases, match: spec.match ?? .contains, regex: regex, scripts: scripts,
                         phraseSlot: phrases != nil ? nextPhraseSlot - 1 : -1, firstCharacters: firstCharacters)
    }

    static func hasEmptyAlternative(_ pattern: String) -> Bool {
        // Ignore escaped characters and character classes.
        var previous: Character = "("
        var escaped = false
        var inClass = false
        for c in pattern {
            if escaped { escaped = false; previous = "x"; continue }
            if c == "\\" { escaped = true; continue }
            if inClass { if c == "]" { inClass = false }; previous = "x"; continue }
            if c == "[" { inClass = true; previous = "x"; continue }
            if c == "|" && (previous == "|" || previous == "(") { return true }
            if c == ")" && previous == "|" { return true }
            previous = c
        }
        return previous == "|"
    }
}

/// Finds positions of keys inside a loaded file's YAML.
/// Paths are written as strings; those that are integers index lists.
struct Locator {
    let file: LoadedRuleFile
    func position(_ path: [String]) -> SourcePosition {
        let steps: [RuleLoader.Step] = path.map { p in Int(p).map { .index($0) } ?? .key(p) }
        return RuleLoader.locate(steps, in: file.root, keyPosition: false)
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

import Yams
