import CICU

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ICU failure, with ICU's numeric `UErrorCode`.
public struct ICUError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String
    public var description: String { "ICU \(operation) failed (UErrorCode \(code))" }
}

/// The ICU library version the binary runs with, e.g. "72.1".
public var icuVersion: String { String(cString: cicu_version()) }

/// ICU word or sentence segmentation. Not thread-safe: give every thread its own `clone()`.
public final class Segmenter {
    public enum Kind: Sendable { case word, sentence }
    private let handle: OpaquePointer
    public let kind: Kind

    public init(_ kind: Kind, locale: String = "") throws {
        var error: Int32 = 0
        guard let h = cicu_breaker_open(kind == .word ? Int32(CICU_BREAK_WORD) : Int32(CICU_BREAK_SENTENCE), locale, &error) else {
            throw ICUError(code: error, operation: "ubrk_open")
        }
        handle = h
        self.kind = kind
    }

    private init(handle: OpaquePointer, kind: Kind) {
        self.handle = handle
        self.kind = kind
    }

    /// A copy for another thread (cloning costs well under a microsecond; opening costs several).
    public func clone() throws -> Segmenter {
        var error: Int32 = 0
        guard let h = cicu_breaker_clone(handle, &error) else { throw ICUError(code: error, operation: "ubrk_clone") }
        return Segmenter(handle: h, kind: kind)
    }

    deinit { cicu_breaker_close(handle) }

    /// Words (segments with a letter, number, kana or ideograph status) or sentences in UTF-8 text.
    public func count(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress, text.count > 0 else { return 0 }
        // Break offsets are 32-bit: count very long texts in pieces cut at scalar boundaries.
        let piece = 1 << 26
        if text.count <= piece { return max(0, Int(cicu_breaker_count_utf8(handle, base, Int64(text.count)))) }
        var total = 0
        var start = 0
        while start < text.count {
            var end = min(text.count, start + piece)
            while end < text.count && (text[end] & 0xC0) == 0x80 { end += 1 }
            total += max(0, Int(cicu_breaker_count_utf8(handle, base + start, Int64(end - start))))
            start = end
        }
        return total
    }

    public func count(_ text: String) -> Int {
        var copy = text
        return copy.withUTF8 { count($0) }
    }

    /// Byte ranges of the word-like segments of UTF-8 text (word segmenters only).
    public func words(_ text: UnsafeBufferPointer<UInt8>, into starts: inout [Int32], _ ends: inout [Int32]) -> Int {
        guard let base = text.baseAddress, text.count > 0, text.count < Int(Int32.max) else { return 0 }
        let capacity = text.count / 1 + 1
        if starts.count < capacity {
            starts = [Int32](repeating: 0, count: capacity)
            ends = [Int32](repeating: 0, count: capacity)
        }
        let n = starts.withUnsafeMutableBufferPointer { s in
            ends.withUnsafeMutableBufferPointer { e in
                cicu_breaker_words_utf8(handle, base, Int64(text.count), s.baseAddress, e.baseAddress, Int32(capacity))
            }
        }
        return max(0, Int(n))
    }

    /// The words of a string, as ICU segments them.
    public func words(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { buffer -> [String] in
            var starts: [Int32] = [], ends: [Int32] = []
            let n = words(buffer, into: &starts, &ends)
            return (0..<n).map { String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(starts[$0])..<Int(ends[$0])]), as: UTF8.self) }
        }
    }
}

/// NFKC_Casefold of UTF-8 text (ＡＢＣ → abc, ｶﾀｶﾅ → カタカナ, Straße → strasse). Not thread-safe.
public final class CaseFolder {
    private let handle: OpaquePointer
    private var output: [UInt8] = [UInt8](repeating: 0, count: 1024)

    public init() throws {
        var error: Int32 = 0
        guard let h = cicu_folder_open(&error) else { throw ICUError(code: error, operation: "unorm2_getNFKCCasefoldInstance") }
        handle = h
    }

    deinit { cicu_folder_close(handle) }

    /// The C folder, for the block scanner's core texts (same thread as this folder).
    var rawHandle: OpaquePointer { handle }

    public func fold(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Pure ASCII folds to its lower case: skip ICU.
        var ascii = true
        for byte in text where byte >= 0x80 { ascii = false; break }
        if ascii { return text.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 } }
        return withFolded(text) { Array($0) }
    }

    /// Folds into the folder's own buffer and lends it to `body` (no allocation per call). Text that
    /// cannot be folded (ICU failure) is lent unchanged.
    public func withFolded<R>(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withFolded(text, cicu_folder_fold_utf8, body)
    }

    /// The same, always through ICU's normaliser: the reference for the table path of `withFolded`.
    func withFoldedByICU<R>(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withFolded(text, cicu_folder_fold_utf8_by_icu, body)
    }

    /// Lends `body` the core text phrases are matched against (see `CoreText`), from a buffer of the
    /// folder's: no allocation per call. Unfoldable text is trimmed as it is.
    public func withCoreText<R>(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var length: Int64 = 0
        let core = cicu_folder_core_text(handle, text.baseAddress, Int64(text.count), &length)
        return body(UnsafeBufferPointer(start: core, count: Int(length)))
    }

    /// The first bytes of `text`'s core text, at least `minimum` of them or all of it (see
    /// `cicu_folder_core_prefix`): enough for checks of the core's start, without folding a long text whole.
    public func withCorePrefix<R>(_ text: UnsafeBufferPointer<UInt8>, minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var length: Int64 = 0
        let core = cicu_folder_core_prefix(handle, text.baseAddress, Int64(text.count), Int64(minimum), &length)
        return body(UnsafeBufferPointer(start: core, count: Int(length)))
    }

    /// The core text of text that is already folded.
    public static func coreText(folded: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: folded.count)
        let n = folded.withUnsafeBufferPointer { f in out.withUnsafeMutableBufferPointer { cicu_core_of_folded(f.baseAddress, Int64(f.count), $0.baseAddress) } }
        out.removeSubrange(Int(n)...)
        return out
    }

    /// Whether text made of this scalar and others like it is folded by table rather than by ICU.
    func foldsByTable(_ scalar: UInt32) -> Bool { cicu_folder_folds_by_table(handle, Int32(bitPattern: scalar)) != 0 }

    private func withFolded<R>(_ text: UnsafeBufferPointer<UInt8>,
                               _ fold: (OpaquePointer?, UnsafePointer<UInt8>?, Int64, UnsafeMutablePointer<UInt8>?, Int64) -> Int64,
                               _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let base = text.baseAddress, text.count > 0 else { return body(text) }
        for _ in 0..<2 {
            let needed = output.withUnsafeMutableBufferPointer { fold(handle, base, Int64(text.count), $0.baseAddress, Int64($0.count)) }
            if needed < 0 { break }
            if Int(needed) <= output.count { return output.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<Int(needed)])) } }
            output = [UInt8](repeating: 0, count: Int(needed) + 64)
        }
        return body(text)
    }

    public func fold(_ text: String) -> String {
        var copy = text
        let bytes = copy.withUTF8 { fold($0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A compiled ICU regular expression matched against UTF-8 text. Not thread-safe: `clone()` per thread.
public final class ICURegex {
    public struct CompileError: Error, Sendable {
        public let message: String
        /// 0-based offset in UTF-16 units within the pattern, when ICU reports one.
        public let offset: Int?
    }

    public enum Outcome: Equatable, Sendable { case match(Range<Int>), noMatch, timeLimit, failure }

    /// ICU's compiled pattern; nil until first needed when compilation was deferred (`deferred:`).
    private var handle: OpaquePointer?
    public let pattern: String
    private let flags: UInt32
    private var timeLimit: Int32
    /// A deferred pattern ICU refused to compile: not asked again.
    private var refused = false
    /// The bytes every match must start with, when the pattern says so plainly (see `startBytes(of:)`), or
    /// else the first bytes of characters one of which every match holds (`RegexTail.requiredLeadBytes`):
    /// text without any of them is not handed to ICU at all.
    private let startBytes: [Bool]?
    /// The same bytes as a list, when there are at most three: text is then searched with memchr, which
    /// reads it many bytes at a time.
    private let startByteList: [UInt8]?
    /// Every match holds a tab or two white-space characters in a row (see `needsColumnGap(_:)`): text
    /// without them is not handed to ICU.
    private let columnGap: Bool
    /// The characters one of which must end every match (before trailing white space), when the pattern
    /// says so plainly (see `FinalScalars`): text whose last non-space character is none of them is
    /// not handed to ICU.
    private let finalScalars: FinalScalars?
    /// A pre-filter written by hand for this exact pattern (see `PatternProbe`).
    private let probe: PatternProbe?

    /// The final characters `mayMatch` tests (see `FinalScalars`), for callers that test the last byte of
    /// many texts at once (the evaluator's candidate rows).
    public var finalCharacters: FinalScalars? { finalScalars }

    /// - Parameters:
    ///   - timeLimit: ICU work limit in its "steps" (about a millisecond each); 0 for none.
    ///   - deferred: compile with ICU only when a text first passes the pre-filters, for patterns already
    ///     known to compile (the built-in rules, checked by the tests). Compiling the built-in rules'
    ///     patterns took about a third of the start-up; most are never asked on a short text.
    public init(_ pattern: String, caseInsensitive: Bool = true, timeLimit: Int32 = 0, deferred: Bool = false) throws(CompileError) {
        flags = caseInsensitive ? UInt32(CICU_REGEX_CASE_INSENSITIVE) : 0
        self.timeLimit = timeLimit
        handle = deferred ? nil : try Self.open(pattern, flags: flags, timeLimit: timeLimit)
        self.pattern = pattern
        // A start set is usually the stronger filter; otherwise any character every match must hold.
        startBytes = Self.startBytes(of: pattern) ?? RegexTail.requiredLeadBytes(of: pattern)
        startByteList = startBytes.flatMap(Self.shortList)
        columnGap = Self.needsColumnGap(pattern)
        finalScalars = FinalScalars(of: pattern)
        probe = PatternProbe(pattern: pattern)
    }

    private static func open(_ pattern: String, flags: UInt32, timeLimit: Int32) throws(CompileError) -> OpaquePointer {
        var copy = pattern
        var error: Int32 = 0
        var offset: Int32 = -1
        var message = [CChar](repeating: 0, count: 128)
        let h = copy.withUTF8 { p in
            message.withUnsafeMutableBufferPointer { m in
                cicu_regex_open(p.baseAddress, Int64(p.count), flags, &error, m.baseAddress, Int32(m.count), &offset)
            }
        }
        guard let h else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw CompileError(message: Self.explain(text), offset: offset >= 0 ? Int(offset) : nil)
        }
        if timeLimit > 0 { cicu_regex_set_time_limit(h, timeLimit) }
        return h
    }

    /// The compiled pattern, compiled now if it was deferred; nil if ICU refuses it (a deferred pattern
    /// that does not compile: then no text matches).
    private func compiled() -> OpaquePointer? {
        if let handle { return handle }
        if refused { return nil }
        handle = try? Self.open(pattern, flags: flags, timeLimit: timeLimit)
        refused = handle == nil
        return handle
    }

    /// Compiles a deferred pattern now (a benchmark does this before it starts the clock).
    public func compileIfDeferred() { _ = compiled() }

    private init(handle: OpaquePointer?, pattern: String, flags: UInt32, timeLimit: Int32, startBytes: [Bool]?, columnGap: Bool,
                 finalScalars: FinalScalars?, probe: PatternProbe?) {
        self.handle = handle
        self.pattern = pattern
        self.flags = flags
        self.timeLimit = timeLimit
        self.startBytes = startBytes
        startByteList = startBytes.flatMap(Self.shortList)
        self.columnGap = columnGap
        self.finalScalars = finalScalars
        self.probe = probe
    }

    deinit { if let handle { cicu_regex_close(handle) } }

    /// A copy for another thread; a deferred pattern stays deferred (each copy compiles on its first use).
    public func clone() -> ICURegex? {
        var h: OpaquePointer? = nil
        if let handle {
            var error: Int32 = 0
            guard let copy = cicu_regex_clone(handle, &error) else { return nil }
            h = copy
        }
        return ICURegex(handle: h, pattern: pattern, flags: flags, timeLimit: timeLimit, startBytes: startBytes, columnGap: columnGap,
                        finalScalars: finalScalars, probe: probe)
    }

    public func setTimeLimit(_ limit: Int32) {
        timeLimit = limit
        if let handle { cicu_regex_set_time_limit(handle, limit) }
    }

    public func firstMatch(in text: UnsafeBufferPointer<UInt8>) -> Outcome {
        mayMatch(text) ? firstMatchByICU(in: text) : .noMatch
    }

    /// False when the pre-filters (start bytes, column gap, final characters, a probe) show that the text cannot
    /// match; true when ICU must be asked (`firstMatchByICU`).
    /// The final characters are tested first: they read the text from its end and mostly stop at its
    /// last byte, where the start bytes may read all of it (by up to three memchr calls). Each filter
    /// only ever says "cannot match", so their order changes no answer.
    public func mayMatch(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if let finalScalars, !finalScalars.admitsEnd(text) { return false }
        if let probe, !probe.mayMatch(text) { return false }
        if let startBytes, !Self.holdsAny(text, startBytes, startByteList) { return false }
        if columnGap, !Self.hasColumnGap(text) { return false }
        return true
    }

    /// What ICU itself finds, without the pre-filters: where `firstMatch` says `.noMatch` because the text
    /// cannot match, ICU may still take long enough to hit its time limit, which the rule validator
    /// reports as a flaw of the pattern.
    public func firstMatchByICU(in text: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard let handle = compiled() else { return .failure }
        var start: Int64 = 0, end: Int64 = 0
        let r = cicu_regex_find_utf8(handle, text.baseAddress, Int64(text.count), &start, &end)
        switch r {
        case 1: return .match(Int(start)..<Int(end))
        case 0: return .noMatch
        case -2: return .timeLimit
        default: return .failure
        }
    }

    /// Whether the text holds one of the bytes of the table (listed in `list` when there are few).
    private static func holdsAny(_ text: UnsafeBufferPointer<UInt8>, _ table: [Bool], _ list: [UInt8]?) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        if let list { return list.contains { memchr(base, Int32($0), text.count) != nil } }
        return text.contains(where: { table[Int($0)] })
    }

    private static func shortList(_ table: [Bool]) -> [UInt8]? {
        let list = (0..<256).filter { table[$0] }.map(UInt8.init)
        return list.count <= 3 ? list : nil
    }

    public func firstMatch(in text: String) -> Outcome {
        var copy = text
        return copy.withUTF8 { firstMatch(in: $0) }
    }

    /// The ASCII punctuation bytes a match must start with, as a table by byte, when the pattern begins
    /// with one such character or a set of only such characters ("[(\\[]"), not optional (no `*`, `?`
    /// or `{` after it), and has no `|` outside groups and sets. Nil for any other pattern. Punctuation
    /// has no case variants, so this holds with case-insensitive matching too, and an ASCII byte in UTF-8
    /// is always that character.
    static func startBytes(of pattern: String) -> [Bool]? {
        let p = Array(pattern.utf8)
        // Quoted text (\\Q…\\E) may hold anything: not analysed.
        if pattern.contains("\\Q") { return nil }
        func isPunctuation(_ b: UInt8) -> Bool {
            b > 0x20 && b < 0x7F && !(b >= 0x30 && b <= 0x39) && !(b >= 0x41 && b <= 0x5A) && !(b >= 0x61 && b <= 0x7A)
        }
        var set = [Bool](repeating: false, count: 256)
        var i = 0
        guard let first = p.first else { return nil }
        if first == UInt8(ascii: "[") {
            i = 1
            var any = false
            while i < p.count && p[i] != UInt8(ascii: "]") {
                var b = p[i]
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < p.count, isPunctuation(p[i + 1]) else { return nil }
                    b = p[i + 1]
                    i += 2
                } else {
                    // Negation, ranges, nested sets, set operations, white space (ICU ignores it in sets).
                    guard isPunctuation(b), b != UInt8(ascii: "^"), b != UInt8(ascii: "-"), b != UInt8(ascii: "["),
                          b != UInt8(ascii: "&") else { return nil }
                    i += 1
                }
                set[Int(b)] = true
                any = true
            }
            guard any, i < p.count else { return nil }
            i += 1
        } else if first == UInt8(ascii: "\\") {
            guard p.count > 1, isPunctuation(p[1]) else { return nil }
            set[Int(p[1])] = true
            i = 2
        } else {
            guard isPunctuation(first), !"()[]{}.*+?|^$\\#".utf8.contains(first) else { return nil }
            set[Int(first)] = true
            i = 1
        }
        if i < p.count, p[i] == UInt8(ascii: "*") || p[i] == UInt8(ascii: "?") || p[i] == UInt8(ascii: "{") { return nil }
        // No alternative at the top level: scan the rest for `|` outside parentheses and sets.
        guard restHasNoTopLevelAlternative(p, from: i) else { return nil }
        return set
    }


    /// The last scalar of the text that is not white space (the table's space class, which holds all
    /// that ICU's `\s` matches), or 0 when there is none.
    static func lastNonSpaceScalar(_ text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var i = text.count
        while i > 0 {
            var start = i - 1
            while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
            let (scalar, _) = decodeScalar(text, at: start)
            if !CharacterTable.shared.characterClass(scalar).contains(.space) { return scalar }
            i = start
        }
        return 0
    }

    /// Whether the pattern bytes from `i` on have no `|` outside parentheses and sets, as far as a plain
    /// reading can tell (false also when the rest holds something not analysed).
    static func restHasNoTopLevelAlternative(_ p: [UInt8], from start: Int) -> Bool {
        var i = start
        var depth = 0, inSet = 0
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if inSet > 0 {
                if b == UInt8(ascii: "[") { inSet += 1 } else if b == UInt8(ascii: "]") { inSet -= 1 }
            } else if b == UInt8(ascii: "[") {
                inSet = 1
                // A "]" right after "[" or "[^" is a literal in some dialects: give up rather than guess.
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "]") { return false }
                if i + 2 < p.count && p[i + 1] == UInt8(ascii: "^") && p[i + 2] == UInt8(ascii: "]") { return false }
            } else if b == UInt8(ascii: "(") {
                // Comments, and flags that turn on free spacing (where "#" starts a comment), may hide
                // parentheses: give up on those.
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "?") {
                    var k = i + 2
                    if k < p.count && p[k] == UInt8(ascii: "#") { return false }
                    while k < p.count && (p[k] == UInt8(ascii: "-") || (p[k] >= 0x61 && p[k] <= 0x7A)) {
                        if p[k] == UInt8(ascii: "x") { return false }
                        k += 1
                    }
                }
                depth += 1
            } else if b == UInt8(ascii: ")") {
                depth -= 1
            } else if b == UInt8(ascii: "|") && depth == 0 {
                return false
            }
            i += 1
        }
        return true
    }

    /// True when every match must hold a tab or two white-space characters in a row: the pattern starts,
    /// after an optional `\S`, with the group `(?:\s{2,}+|\t)` (or `(?:\s{2,}|\t)`), not optional, and has
    /// no `|` outside groups and sets (page.table-row). Any match then begins with that group (after one
    /// non-space character), which takes a tab or at least two `\s`.
    static func needsColumnGap(_ pattern: String) -> Bool {
        if pattern.contains("\\Q") { return false }
        var p = Array(pattern.utf8)[...]
        if p.starts(with: "\\S".utf8) { p = p.dropFirst(2) }
        for group in ["(?:\\s{2,}+|\\t)", "(?:\\s{2,}|\\t)"] where p.starts(with: group.utf8) {
            let rest = p.dropFirst(group.utf8.count)
            if let q = rest.first, q == UInt8(ascii: "*") || q == UInt8(ascii: "?") || q == UInt8(ascii: "{") { return false }
            return restHasNoTopLevelAlternative(Array(p), from: p.count - rest.count)
        }
        return false
    }

    /// Whether the UTF-8 text holds a tab or two white-space characters in a row, where white space is
    /// taken broadly (every White_Space and Z character of Unicode and a few more: U+001C–U+001F, U+180E,
    /// U+200B–U+200D, U+2060, U+FEFF), so that text without either cannot match a `needsColumnGap` pattern.
    /// Two characters are in a row when their encodings are adjacent in the bytes.
    static func hasColumnGap(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        guard n > 1, let base = text.baseAddress else { return n == 1 && text[0] == 0x09 }
        /// The length of a broad white-space character's encoding at `i`, or 0.
        @inline(__always) func space(_ i: Int) -> Int {
            if i >= n { return 0 }
            let b = base[i]
            if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0 }
            if b == 0xC2 { return i + 1 < n && (base[i + 1] == 0x85 || base[i + 1] == 0xA0) ? 2 : 0 }
            guard b >= 0xE1 && b <= 0xEF, b != 0xE4, i + 2 < n else { return 0 }
            let c = base[i + 1], d = base[i + 2]
            switch b {
            case 0xE1: return (c == 0x9A && d == 0x80) || (c == 0xA0 && d == 0x8E) ? 3 : 0
            case 0xE2:
                if c == 0x80 { return d <= 0x8D || d == 0xA8 || d == 0xA9 || d == 0xAF ? 3 : 0 }
                return c == 0x81 && (d == 0x9F || d == 0xA0) ? 3 : 0
            case 0xE3: return c == 0x80 && d == 0x80 ? 3 : 0
            case 0xEF: return c == 0xBB && d == 0xBF ? 3 : 0
            default: return 0
            }
        }
        var i = 0
        while i < n {
            let b = base[i]
            if b == 0x09 { return true }
            // Bytes that cannot start a broad white-space character are passed over quickly.
            if b > 0x20 && b < 0xC2 { i += 1; continue }
            let l = space(i)
            if l > 0 && space(i + l) > 0 { return true }
            i += 1
        }
        return false
    }

    /// ICU's error names are terse (U_REGEX_MISMATCHED_PAREN); say what they mean.
    private static func explain(_ name: String) -> String {
        let known: [String: String] = [
            "U_REGEX_MISMATCHED_PAREN": "mismatched parenthesis",
            "U_REGEX_RULE_SYNTAX": "syntax error",
            "U_REGEX_BAD_ESCAPE_SEQUENCE": "unrecognised backslash escape",
            "U_REGEX_PROPERTY_SYNTAX": "bad Unicode property",
            "U_REGEX_MISSING_CLOSE_BRACKET": "missing closing ]",
            "U_REGEX_BAD_INTERVAL": "bad {min,max} interval",
            "U_REGEX_MAX_LT_MIN": "in {min,max} the maximum is below the minimum",
            "U_REGEX_INVALID_RANGE": "invalid character range in a set",
            "U_REGEX_LOOK_BEHIND_LIMIT": "look-behind must have a bounded length",
            "U_REGEX_INVALID_FLAG": "invalid flag",
            "U_REGEX_UNIMPLEMENTED": "unsupported construct",
        ]
        if let text = known[name] { return "\(text) (\(name))" }
        return name
    }
}

/// Unicode script codes and names, as ICU knows them.
public enum UnicodeScripts {
    public static let common: Int = 0
    public static let inherited: Int = 1
    public static let han: Int = Int(cicu_script(0x4E00))
    public static let hiragana: Int = Int(cicu_script(0x3042))
    public static let katakana: Int = Int(cicu_script(0x30A2))
    public static let hangul: Int = Int(cicu_script(0xAC00))
    public static let latin: Int = Int(cicu_script(0x41))
    /// ICU's pseudo-scripts for Han written with kana (Jpan) and with Hangul (Kore).
    public static let japanese: Int = Int(cicu_script_from_name("Jpan"))
    public static let korean: Int = Int(cicu_script_from_name("Kore"))
    public static let limit: Int = Int(cicu_script_code_limit())

    /// Whether a block written in `script` reads as part of a body written in `body`. Han alone under a
    /// Japanese or Korean body is one of that body's own writing systems (kanji, hanja: a headline or a
    /// line such as "全員無事救出" has no kana), not a departure to Chinese.
    public static func belongs(_ script: Int, toBody body: Int) -> Bool {
        script == body || (script == han && (body == japanese || body == hangul || body == korean))
    }

    public static let thai: Int = Int(cicu_script(0x0E01))
    public static let lao: Int = Int(cicu_script(0x0E81))

    /// Scripts whose writers end a sentence with a space, not a mark: Thai and Lao.
    @inline(__always)
    public static func endsSentencesWithSpaces(_ script: Int) -> Bool {
        script == thai || script == lao
    }

    /// Long name ("Latin", "Han", "Japanese"), or the code when ICU has none.
    public static func name(_ code: Int) -> String {
        if code == japanese { return "Japanese" }
        if code == korean { return "Korean" }
        if let p = cicu_script_long_name(Int32(code)) { return String(cString: p) }
        return "Script\(code)"
    }

    public static func shortName(_ code: Int) -> String {
        if let p = cicu_script_short_name(Int32(code)) { return String(cString: p) }
        return "Zzzz"
    }

    /// Code for a long or short script name ("Cyrillic", "Cyrl"), nil if ICU does not know it.
    public static func code(named name: String) -> Int? {
        if name == "Japanese" { return japanese }
        if name == "Korean" { return korean }
        let c = cicu_script_from_name(name)
        return c >= 0 ? Int(c) : nil
    }

    /// Every script name ICU knows (long names), for suggestions.
    public static var allNames: [String] {
        (0..<limit).map { name($0) }
    }
}
