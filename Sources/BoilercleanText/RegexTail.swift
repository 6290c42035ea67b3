import CICU

/// The characters one of which must end every match of a pattern anchored at the end (`core\s*$` or
/// `core$`): the last character of the text that is not white space must be one of them, or the pattern
/// cannot match, and ICU need not run. Rules whose pattern is gated only by a length limit (an emptied ad
/// slot's "728x90", a script's "Published: undefined") would otherwise hand ICU most short lines of a page.
public struct FinalScalars: Equatable, Sendable {
    /// Sorted. An ASCII letter is listed in both cases.
    public let scalars: [UInt32]
    /// Some of the scalars are letters. A case-insensitive match may then end on a text character whose
    /// full case folding ends in such a letter (U+212A KELVIN SIGN folds to "k", "ﬂ" to "fl", "ẚ" to
    /// "aʾ"): text ending in a non-ASCII character that changes under case folding is left to ICU.
    public let cased: Bool
    /// The ASCII scalars among `scalars` as a bit set (scalar c at bit c & 63 of word c >> 6), for
    /// `admitsEnd`: for an ASCII `last`, `admits(last)` is exactly this bit.
    private let ascii: (UInt64, UInt64)

    /// Whether the text may match: `admits(ICURegex.lastNonSpaceScalar(text))`, read from the end
    /// byte by byte while the bytes are ASCII (the white space of the table's space class among them is
    /// stepped over, see `isASCIISpace`); at the first byte from U+0080 up, the general reading.
    @inline(__always)
    public func admitsEnd(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = text.count
        while i > 0 {
            let b = text[i - 1]
            if b >= 0x80 { return admits(ICURegex.lastNonSpaceScalar(text)) }
            if !Self.isASCIISpace(b) { return (b < 64 ? ascii.0 >> b : ascii.1 >> (b & 63)) & 1 != 0 }
            i -= 1
        }
        return admits(0)
    }

    /// The ASCII characters of the table's space class (White_Space: tab to carriage return and space;
    /// a test checks it against `CharacterTable`).
    @inline(__always)
    public static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// The text's last byte that is not ASCII white space (`isASCIISpace`) when it is ASCII: for such a
    /// byte b, `admitsEnd(text)` is `admits(b)`. -1 when that byte is from U+0080 up or there is none.
    @inline(__always)
    public static func lastASCIIByte(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var i = text.count
        while i > 0 {
            let b = text[i - 1]
            if b >= 0x80 { return -1 }
            if !isASCIISpace(b) { return Int(b) }
            i -= 1
        }
        return -1
    }

    /// Whether text whose last non-space scalar is `last` (0 for none) may match. Whether a character
    /// changes under case folding is ICU's answer (`cicu_changes_when_casefolded`): ICU folds the text
    /// it matches (Swift's `changesWhenCaseFolded` cost ~330 instructions a call).
    @inline(__always)
    public func admits(_ last: UInt32) -> Bool {
        if scalars.contains(last) { return true }
        guard cased, last >= 0x80, Unicode.Scalar(last) != nil else { return false }
        return cicu_changes_when_casefolded(Int32(bitPattern: last)) != 0
    }

    /// The final scalars of `pattern`, compiled case-insensitively, or nil when a plain reading of the
    /// pattern cannot tell them (see `RegexTail`).
    public init?(of pattern: String) {
        guard let core = RegexTail.coreBeforeEndAnchor(pattern),
              let summary = RegexTail.summary(of: core), !summary.nullable, let last = summary.last, !last.isEmpty
        else { return nil }
        var scalars = Set<UInt32>(), cased = false
        for m in last {
            guard let scalar = Unicode.Scalar(m) else { return nil }
            let table = CharacterTable.shared.characterClass(m)
            // White space and marks could hide behind or under the text's last character.
            if table.contains(.space) || table.contains(.mark) || scalar.properties.isWhitespace { return nil }
            if m < 0x80 {
                let lower = m | 0x20
                if (0x61...0x7A).contains(lower) { scalars.insert(lower); scalars.insert(lower - 0x20); cased = true; continue }
            } else if scalar.properties.changesWhenCaseFolded || scalar.properties.changesWhenCaseMapped {
                // Text in other case forms (or folding to several characters) could match it.
                return nil
            }
            if scalar.properties.isAlphabetic { cased = true }
            scalars.insert(m)
        }
        self.scalars = scalars.sorted()
        self.cased = cased
        var ascii: (UInt64, UInt64) = (0, 0)
        for c in scalars where c < 0x80 {
            if c < 64 { ascii.0 |= 1 << UInt64(c) } else { ascii.1 |= 1 << UInt64(c & 63) }
        }
        self.ascii = ascii
    }

    public static func == (a: FinalScalars, b: FinalScalars) -> Bool { a.scalars == b.scalars && a.cased == b.cased }
}

/// A plain reading of an ICU pattern, enough to tell which characters can end a match: groups,
/// alternatives, quantifiers, sets of listed characters and escaped punctuation. Anything it does not
/// know for sure (inline flags, lookaround, `\Q`, back references, unusual escapes) makes it give up.
/// Sets with ranges, classes or properties, `.` and class escapes (`\d`, `\p{…}`) are read as "any
/// character": harmless in the middle of a pattern, fatal at its end.
enum RegexTail {
    /// What a piece of pattern can match: `last` the characters a non-empty match can end with (nil: any
    /// character), `nullable` whether it can match the empty string.
    struct Summary: Equatable {
        var last: Set<UInt32>?
        var nullable: Bool
        /// Characters one of which every match holds (nil: no such set known). Only characters that
        /// case-insensitive matching cannot reach from others (see `isCaseless`), so the text must hold
        /// one of them as it is.
        var required: Set<UInt32>? = nil

        static let empty = Summary(last: [], nullable: true)
        static let any = Summary(last: nil, nullable: false)

        static func characters(_ set: Set<UInt32>) -> Summary {
            Summary(last: set, nullable: false, required: set.allSatisfy(isCaseless) ? set : nil)
        }

        /// Optional (repeated zero times or more): an empty match requires nothing.
        var optional: Summary { Summary(last: last, nullable: true, required: nil) }

        /// The summary of `self` followed by `next`.
        func then(_ next: Summary) -> Summary {
            let required = Self.smaller(self.required, next.required)
            if !next.nullable { return Summary(last: next.last, nullable: false, required: required) }
            return Summary(last: Self.union(last, next.last), nullable: nullable, required: required)
        }

        /// The summary of `self` or `other`.
        func or(_ other: Summary) -> Summary {
            Summary(last: Self.union(last, other.last), nullable: nullable || other.nullable,
                    required: Self.union(required, other.required))
        }

        private static func smaller(_ a: Set<UInt32>?, _ b: Set<UInt32>?) -> Set<UInt32>? {
            guard let a else { return b }
            guard let b else { return a }
            return b.count < a.count ? b : a
        }

        /// Neither a letter, a mark nor white space, and unchanged by case mapping and folding: no other
        /// text matches it case-insensitively (case folding yields letters, marks and ʼ / ʾ only).
        static func isCaseless(_ c: UInt32) -> Bool {
            guard let s = Unicode.Scalar(c) else { return false }
            let p = s.properties
            let marks: [Unicode.GeneralCategory] = [.nonspacingMark, .spacingMark, .enclosingMark]
            return !p.isAlphabetic && !p.isWhitespace && !p.changesWhenCaseMapped && !p.changesWhenCaseFolded
                && !marks.contains(p.generalCategory) && !CharacterTable.shared.characterClass(c).contains(.space)
        }

        private static func union(_ a: Set<UInt32>?, _ b: Set<UInt32>?) -> Set<UInt32>? {
            guard let a, let b else { return nil }
            return a.union(b)
        }
    }

    /// The pattern without its final `$` and the optional `\s*` (or `\s*+`) before it; nil when it does not
    /// end so. A backslash just before either is read as escaping it, and gives up.
    static func coreBeforeEndAnchor(_ pattern: String) -> [Unicode.Scalar]? {
        var p = Array(pattern.unicodeScalars)
        guard p.last == "$" else { return nil }
        p.removeLast()
        if p.last == "\\" { return nil }
        for tail in ["\\s*+", "\\s*"] where p.count >= tail.unicodeScalars.count && p.suffix(tail.unicodeScalars.count).elementsEqual(tail.unicodeScalars) {
            p.removeLast(tail.unicodeScalars.count)
            if p.last == "\\" { return nil }
            break
        }
        return p
    }

    /// The summary of a whole pattern, which must not be an alternation at its top level (the end anchor
    /// would bind to the last alternative only); nil when the reading gives up.
    static func summary(of pattern: [Unicode.Scalar]) -> Summary? {
        var reader = Reader(p: pattern)
        guard let alternatives = reader.alternatives(depth: 0), reader.i == pattern.count, alternatives.count == 1 else { return nil }
        return alternatives[0]
    }

    /// The first bytes (in UTF-8) of characters one of which every match of `pattern` holds, as a table by
    /// byte; nil when the reading gives up or finds no such characters. Text with none of these bytes
    /// cannot match.
    static func requiredLeadBytes(of pattern: String) -> [Bool]? {
        var reader = Reader(p: Array(pattern.unicodeScalars))
        guard let alternatives = reader.alternatives(depth: 0), reader.i == reader.p.count,
              let required = alternatives.dropFirst().reduce(alternatives[0], { $0.or($1) }).required, !required.isEmpty
        else { return nil }
        var table = [Bool](repeating: false, count: 256)
        for c in required {
            guard let s = Unicode.Scalar(c) else { return nil }
            table[Int(String(s).utf8.first!)] = true
        }
        return table
    }

    private struct Reader {
        let p: [Unicode.Scalar]
        var i = 0

        private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < p.count ? p[i + k] : nil }

        /// The summaries of the alternatives up to a closing parenthesis (not consumed) or the end.
        mutating func alternatives(depth: Int) -> [Summary]? {
            var result: [Summary] = [], sequence = Summary.empty
            while let c = peek() {
                if c == "|" { result.append(sequence); sequence = .empty; i += 1; continue }
                if c == ")" {
                    if depth == 0 { return nil }
                    break
                }
                guard var atom = atom(depth: depth), let minimum = quantifier() else { return nil }
                if minimum == 0 { atom = atom.optional }
                sequence = sequence.then(atom)
            }
            result.append(sequence)
            return result
        }

        /// The least repetition count of the quantifier at `i` (consumed, with a lazy or possessive
        /// suffix), 1 without one; nil for a malformed interval.
        mutating func quantifier() -> Int? {
            guard let c = peek() else { return 1 }
            var minimum: Int
            switch c {
            case "*", "?": minimum = 0; i += 1
            case "+": minimum = 1; i += 1
            case "{":
                i += 1
                guard let n = number() else { return nil }
                minimum = n
                if peek() == "," { i += 1; _ = number() }
                guard peek() == "}" else { return nil }
                i += 1
            default: return 1
            }
            if peek() == "?" || peek() == "+" { i += 1 }
            return minimum
        }

        private mutating func number() -> Int? {
            var n: Int? = nil
            while let c = peek(), c.value >= 0x30 && c.value <= 0x39 {
                n = (n ?? 0) * 10 + Int(c.value - 0x30)
                i += 1
            }
            return n
        }

        /// One atom at `i`, consumed.
        mutating func atom(depth: Int) -> Summary? {
            let c = p[i]
            switch c {
            case "(":
                i += 1
                if peek() == "?" {
                    guard peek(1) == ":" else { return nil }   // flags, lookaround, named groups, comments
                    i += 2
                }
                guard let inner = alternatives(depth: depth + 1), peek() == ")" else { return nil }
                i += 1
                return inner.dropFirst().reduce(inner[0]) { $0.or($1) }
            case "[": return set()
            case "\\": return escape()
            case ".": i += 1; return .any
            case "^", "$": i += 1; return .empty
            case "*", "+", "?", "{", "}", "]": return nil
            default: i += 1; return .characters([c.value])
            }
        }

        /// A set at `i`, consumed: its characters when it only lists characters and escaped punctuation,
        /// otherwise any character.
        mutating func set() -> Summary? {
            i += 1
            if peek() == "]" || (peek() == "^" && peek(1) == "]") { return nil }   // "]" as a literal: not read
            var members: Set<UInt32>? = []
            if peek() == "^" { members = nil; i += 1 }
            var nesting = 0
            while let c = peek() {
                switch c {
                case "]":
                    i += 1
                    if nesting == 0 { return members.map { Summary.characters($0) } ?? .any }
                    nesting -= 1
                case "[": nesting += 1; members = nil; i += 1
                case "\\":
                    guard let e = peek(1) else { return nil }
                    if Self.isPunctuation(e) {
                        members?.insert(e.value)
                        i += 2
                    } else {
                        members = nil
                        guard skipEscape() else { return nil }
                    }
                case ":" where isPosixClass():
                    members = nil; i += 1
                case "-", "&", "^", " ", "\t", "\n", "\r", "{", "}", "$":
                    members = nil; i += 1
                default:
                    if nesting == 0 { members?.insert(c.value) }
                    i += 1
                }
            }
            return nil
        }

        /// Whether the ":" at `i` opens a POSIX-style class ("[:alpha:]"): it follows the set's "[" and a
        /// ":" stands before the next "]". Otherwise ICU reads it as a plain member ("[:：]").
        private func isPosixClass() -> Bool {
            guard i > 0, p[i - 1] == "[" || (i > 1 && p[i - 1] == "^" && p[i - 2] == "[") else { return false }
            guard let close = p[i...].firstIndex(of: "]") else { return true }
            return p[close - 1] == ":"
        }

        /// An escape outside a set at `i`, consumed.
        mutating func escape() -> Summary? {
            guard let e = peek(1) else { return nil }
            if Self.isPunctuation(e) { i += 2; return .characters([e.value]) }
            switch e {
            case "b", "B", "A", "z", "Z", "G": i += 2; return .empty
            default: return skipEscape() ? .any : nil
            }
        }

        /// Skips an escape that stands for one character of some class (`\d`, `\p{L}`, `\x{27}`,
        /// `\u2019`); false for escapes not read (quoting, back references, anything unknown).
        mutating func skipEscape() -> Bool {
            guard let e = peek(1) else { return false }
            i += 2
            switch e {
            case "s", "S", "d", "D", "w", "W", "h", "H", "v", "V", "R", "X", "t", "n", "r", "f", "e", "a":
                return true
            case "p", "P", "N":
                return skipBraces()
            case "x":
                if peek() == "{" { return skipBraces() }
                return skipHex(2)
            case "u": return skipHex(4)
            case "U": return skipHex(8)
            default: return false
            }
        }

        private mutating func skipBraces() -> Bool {
            guard peek() == "{" else { return false }
            while let c = peek() {
                i += 1
                if c == "}" { return true }
            }
            return false
        }

        private mutating func skipHex(_ n: Int) -> Bool {
            for _ in 0..<n {
                guard let c = peek(), c.isASCII, c.properties.isASCIIHexDigit else { return false }
                i += 1
            }
            return true
        }

        /// ASCII punctuation and symbols: escaped, they stand for themselves.
        static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
            c.value > 0x20 && c.value < 0x7F && !c.properties.isAlphabetic && c.properties.numericType == nil
        }
    }
}
