/// Recognises blocks that are nothing but a list marker, a number, a date or a time: the residue of
/// emptied lists and widgets ("  1. 1", "06/18", "12:30", "2025年6月18日", "•").
enum ShapeClassifier {
    static func shape(of text: UnsafeBufferPointer<UInt8>) -> Shape {
        // The scalars in a scratch buffer on the stack (the text is valid UTF-8 of at most a few hundred
        // bytes): the text's scalars first, then those that are not white space, then the letters among
        // those. Arrays and Strings here cost several allocations a block.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 3 * text.count + 1) { buffer in
            // The text's scalars from 0, those that are not white space from `count`, the letters among
            // those from 2 * `count`, in one pass; ASCII white space told by the kinds table.
            let kinds = asciiKinds
            let count = text.count
            let base = buffer.baseAddress!, kept = base + count
            var n = 0, m = 0, i = 0
            while i < count {
                let b = text[i]
                if b < 0x80 {
                    let v = UInt32(b)
                    base[n] = v
                    n += 1
                    i += 1
                    if kinds[Int(b)] != Kind.space { kept[m] = v; m += 1 }
                } else {
                    let (scalar, length) = decodeScalar(text, at: i)
                    base[n] = scalar
                    n += 1
                    i += length
                    if !isSpace(scalar) { kept[m] = scalar; m += 1 }
                }
            }
            return shape(raw: UnsafeBufferPointer(start: base, count: n), scalars: UnsafeBufferPointer(start: kept, count: m),
                         letterBuffer: base + 2 * count, kinds: kinds)
        }
    }

    /// What `shape(raw:scalars:letterBuffer:kinds:)` counts a scalar as.
    enum Kind {
        static let digit: UInt8 = 0, colon: UInt8 = 1, dateSeparator: UInt8 = 2, cjkDate: UInt8 = 3, comma: UInt8 = 4
        static let numberSign: UInt8 = 5, marker: UInt8 = 6, letter: UInt8 = 7, other: UInt8 = 8, space: UInt8 = 9
    }

    /// The kind of a scalar that is not white space (see `isSpace`), by the tests the classifier makes.
    private static func kind(of v: UInt32) -> UInt8 {
        if isDigit(v) { return Kind.digit }
        switch v {
        case 0x3A: return Kind.colon
        case 0x2F, 0x2D, 0x2E: return Kind.dateSeparator
        case 0x5E74, 0x6708, 0x65E5, 0x6642, 0x65F6, 0x5206, 0x79D2, 0xB144, 0xC6D4, 0xC77C: return Kind.cjkDate   // 年月日時时分秒 년월일
        case 0x2C: return Kind.comma
        case 0x25, 0x2B, 0x24, 0x20AC, 0xA3, 0xA5, 0x2212: return Kind.numberSign                              // % + $ € £ ¥ −
        case 0x29, 0x28, 0x5B, 0x5D, 0x2022, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x25BA, 0x2013, 0x2014,
             0x2A, 0xB7, 0x203A, 0xBB, 0x2023, 0x2043, 0x2219, 0x25C6, 0x25C7, 0x2605, 0x2606, 0x3001, 0x3002:
            return Kind.marker
        default:
            return isLetter(v) ? Kind.letter : Kind.other
        }
    }

    /// The kinds of the ASCII scalars (white space as `Kind.space`), made once from `kind(of:)` and
    /// `isSpace`: a load instead of a digit test, a switch and a character-table lookup per character.
    nonisolated(unsafe) private static let asciiKinds: UnsafePointer<UInt8> = {   // written once, then only read
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for v in 0..<UInt32(128) { table[Int(v)] = isSpace(v) ? Kind.space : kind(of: v) }
        return UnsafePointer(table)
    }()

    /// Lower-cased ASCII letters (at most 16) packed one byte each from the lowest, the rest zero: the
    /// key under which `asciiMonthNames`, `asciiRomanNumerals` and the meridiems are found without making
    /// a String. Nil when a letter is not ASCII or there are more.
    struct LetterKey: Equatable {
        var low: UInt64 = 0, high: UInt64 = 0
    }

    private static func asciiKey(_ letters: UnsafeBufferPointer<UInt32>) -> LetterKey? {
        let count = letters.count
        guard count <= 16 else { return nil }
        var key = LetterKey()
        var k = 0
        while k < count {
            let v = letters[k]
            guard v < 0x80 else { return nil }
            // An ASCII letter lower-cases by setting bit 5 (the kinds table holds only A-Z and a-z as
            // letters below 0x80).
            if k < 8 { key.low |= UInt64(v | 0x20) << (8 * k) } else { key.high |= UInt64(v | 0x20) << (8 * (k - 8)) }
            k += 1
        }
        return key
    }

    private static func asciiKey(_ word: String) -> LetterKey? {
        let scalars = word.unicodeScalars.map(\.value)
        guard scalars.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        return scalars.withUnsafeBufferPointer { asciiKey($0) }
    }

    /// Keys of words in ASCII letters in an open-addressing table of `keySlots` slots (an all-zero key,
    /// which no word has, marks an empty one): a lookup is a multiplication and a compare or two, where a
    /// `Set` hashed each key with SipHash.
    private static var keySlots: Int { 256 }
    private static func keyTable(_ words: Set<String>) -> UnsafePointer<LetterKey> {
        let table = UnsafeMutablePointer<LetterKey>.allocate(capacity: keySlots)
        table.initialize(repeating: LetterKey(), count: keySlots)
        for key in words.compactMap(asciiKey) {
            var i = slot(of: key)
            while table[i] != LetterKey() && table[i] != key { i = (i + 1) & (keySlots - 1) }
            table[i] = key
        }
        return UnsafePointer(table)
    }

    @inline(__always)
    private static func slot(of key: LetterKey) -> Int {
        Int(truncatingIfNeeded: ((key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD) >> 56)
    }

    @inline(__always)
    private static func holds(_ table: UnsafePointer<LetterKey>, _ key: LetterKey) -> Bool {
        var i = slot(of: key)
        while true {
            let k = table[i]
            if k == key { return true }
            if k.low == 0 && k.high == 0 { return false }
            i = (i + 1) & (keySlots - 1)
        }
    }

    /// The scalars of the month names, Roman numerals and meridiems, as a set over the Latin-1 range (all
    /// of them lie there).
    static let nameScalars: (UInt64, UInt64, UInt64, UInt64) = {
        var bits: [UInt64] = [0, 0, 0, 0]
        for word in monthNames.union(romanNumerals).union(["am", "pm"]) {
            for s in word.unicodeScalars {
                precondition(s.value < 0x100)
                bits[Int(s.value >> 6)] |= 1 << UInt64(s.value & 63)
            }
        }
        return (bits[0], bits[1], bits[2], bits[3])
    }()

    /// False when some letter of a run that is not all ASCII lower-cases to a scalar no name holds, so the
    /// run's lower case is no name: a letter's lower case (`CharacterTable.lowercase`, ICU's simple
    /// mapping, which the full one `String.lowercased()` applies differs from only for U+0130 İ, "i̇") is
    /// looked up in `nameScalars`. U+0130 and the signs that fold to Latin letters (U+212A KELVIN SIGN,
    /// U+212B ANGSTROM SIGN) are let through, and the String decides.
    private static func mayLowerToName(_ letters: UnsafeBufferPointer<UInt32>) -> Bool {
        let table = CharacterTable.shared
        let names = nameScalars
        for v in letters where v >= 0x80 && v != 0x130 && v != 0x212A && v != 0x212B {
            let l = table.lowercase(v)
            guard l < 0x100 else { return false }
            let word = l < 0x40 ? names.0 : l < 0x80 ? names.1 : l < 0xC0 ? names.2 : names.3
            if (word >> UInt64(l & 63)) & 1 == 0 { return false }
        }
        return true
    }

    /// The month names and Roman numerals written in ASCII letters, by `asciiKey` (built once, then only read).
    nonisolated(unsafe) static let asciiMonthNames = keyTable(monthNames)
    nonisolated(unsafe) static let asciiRomanNumerals = keyTable(romanNumerals)
    static let meridiemKeys = (LetterKey(low: 0x6D61), LetterKey(low: 0x6D70))   // "am", "pm"

    private static func shape(raw: UnsafeBufferPointer<UInt32>, scalars: UnsafeBufferPointer<UInt32>, letterBuffer: UnsafeMutablePointer<UInt32>,
                              kinds: UnsafePointer<UInt8>) -> Shape {
        guard !scalars.isEmpty else { return .text }
        var digits = 0, groups = 0, inDigits = false
        var colon = 0, dateSeparators = 0, cjkDate = 0, markers = 0, letters = 0, numberSigns = 0, commas = 0, other = 0
        for v in scalars {
            let k = v < 0x80 ? kinds[Int(v)] : kind(of: v)
            if k == Kind.digit {
                digits += 1
                if !inDigits { groups += 1 }
                inDigits = true
                continue
            }
            inDigits = false
            switch k {
            case Kind.colon: colon += 1
            case Kind.dateSeparator: dateSeparators += 1
            case Kind.cjkDate: cjkDate += 1
            case Kind.comma: numberSigns += 1; commas += 1
            case Kind.numberSign: numberSigns += 1
            case Kind.marker: markers += 1
            case Kind.letter: letterBuffer[letters] = v; letters += 1
            default: other += 1
            }
        }
        if other > 0 { return .text }
        // The letters in order, lower-cased (only lines with letters build the String).
        let letterRun = UnsafeBufferPointer(start: letterBuffer, count: letters)
        // ASCII letters are looked up by their packed lower case; other letters through a String, made
        // only when a check below reads it, from the letters' UTF-8 (a String built from scalars took
        // thousands of instructions).
        let key = letters > 0 ? asciiKey(letterRun) : nil
        // Letters beyond ASCII that cannot lower-case into a name: then none of the checks needs the String.
        let mayBeName = key != nil || mayLowerToName(letterRun)
        var lowerCache: String? = nil
        func lowerLetters() -> String {
            if let cached = lowerCache { return cached }
            let text = letters == 0 ? "" : String(unsafeUninitializedCapacity: 4 * letters) { out in
                var n = 0
                for v in letterRun { UTF8.encode(Unicode.Scalar(v)!) { out[n] = $0; n += 1 } }
                return n
            }.lowercased()
            lowerCache = text
            return text
        }
        func meridiem() -> Bool {
            // "am", "pm" ("a.m": the dot is no letter): two letters, which lower-case to no fewer.
            guard letters == 2, mayBeName else { return false }
            if let key { return key == meridiemKeys.0 || key == meridiemKeys.1 }
            let l = lowerLetters()
            return l == "am" || l == "pm" || l == "a.m" || l == "p.m"
        }
        func isMonthName() -> Bool {
            guard mayBeName else { return false }
            if let key { return holds(asciiMonthNames, key) }
            return monthNames.contains(lowerLetters())
        }
        func isRomanNumeral() -> Bool {
            guard mayBeName else { return false }
            if let key { return holds(asciiRomanNumerals, key) }
            return romanNumerals.contains(lowerLetters())
        }
        // "Jan.01 2026", "31 December 2025", "3. März 2024": a month name with digits is a date.
        if digits > 0 && letters >= 3 && letters <= longestMonthName && mayBeMonthName(letterRun) && isMonthName() && other == 0 { return .date }
        if digits == 0 {
            // Bullets and dashes alone; a lone letter or a Roman numeral with a bracket or dot ("a)", "iv.")
            // is a marker too, and so is a bullet before a word of up to four letters (the item of an
            // emptied menu, "* Авто"). Not a short word with a dot or bracket after it: that ends a
            // hard-wrapped sentence ("ok.", "się.", "это.") and is body text.
            if letters == 0 && markers > 0 { return .listMarker }
            // A hyphen alone is the bullet of an emptied list item ("-" before each time of a news ticker).
            if letters == 0 && scalars.count <= 2 && scalars.allSatisfy({ $0 == 0x2D }) { return .listMarker }
            if letters > 0 && (markers > 0 || dateSeparators > 0) && scalars.count <= 7
                && letterRun.allSatisfy({ $0 < 0x80 || Unicode.Scalar($0)!.properties.isLowercase || Unicode.Scalar($0)!.properties.isUppercase })
                && (letters == 1 || (letters <= longestRomanNumeral && isRomanNumeral()) || (letters <= 4 && scalars.count <= 6 && bullets.contains(scalars[0]))) {
                return .listMarker
            }
            return .text
        }
        if letters > 0 && !meridiem() && cjkDate == 0 { return .text }
        if letters > 0 && !meridiem() && letters != cjkDate { return .text }
        if colon > 0 && groups >= 2 && groups <= 3 && dateSeparators == 0 && cjkDate == 0 { return .time }
        // A date with its time ("15.08.2021 11:32:00", "17:00, 03.10.2025"): a comma is allowed beside a
        // time, where it cannot be a thousands separator.
        let dateSigns = numberSigns == 0 || (colon > 0 && numberSigns == commas && commas == 1)
        if cjkDate > 0 || (groups >= 2 && groups <= 6 && dateSeparators >= 1 && markers == 0 && dateSigns && separatorsAreDate(raw)) {
            return .date
        }
        if groups == 1 && digits <= 3 && (scalars.last == 0x2E || scalars.last == 0x29) && dateSeparators + markers == 1 { return .listMarker }
        if markers > 0 || (groups == 2 && dateSeparators == 1 && scalars.count <= 8 && startsWithMarker(raw)) { return .listMarker }
        if groups >= 1 { return .number }
        return .text
    }

    @inline(__always)
    private static func isLetter(_ v: UInt32) -> Bool { CharacterTable.shared.characterClass(v).contains(.letter) }

    /// Bullets and dashes that open a list item.
    static let bullets: Set<UInt32> = [
        0x2022, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x25BA, 0x2013, 0x2014, 0x2A, 0xB7, 0x203A, 0xBB, 0x2023,
        0x2043, 0x2219, 0x25C6, 0x25C7, 0x2605, 0x2606, 0x2D,
    ]

    /// Roman numerals used as list markers: i to xx.
    static let romanNumerals: Set<String> = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
        "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
    ]

    /// The most scalars of a Roman numeral and of a month name: letters that are more cannot be one (lower
    /// case has at least as many scalars), and their String is not made.
    static let longestRomanNumeral = romanNumerals.map(\.unicodeScalars.count).max()!
    static let longestMonthName = monthNames.map(\.unicodeScalars.count).max()!
    /// Month names by scalar count and first byte (each starts with an ASCII letter), at count * 256 + byte.
    static let monthStarts: [Bool] = {
        var table = [Bool](repeating: false, count: (longestMonthName + 1) * 256)
        for m in monthNames { table[m.unicodeScalars.count * 256 + Int(m.utf8.first!)] = true }
        return table
    }()

    /// False when the letters cannot lower-case to a month name: ASCII letters (which lower-case one to
    /// one) whose count and first letter no month name has. Spares making their String.
    private static func mayBeMonthName(_ letters: UnsafeBufferPointer<UInt32>) -> Bool {
        guard letters.count <= longestMonthName, let first = letters.first, letters.allSatisfy({ $0 < 0x80 }) else { return true }
        return monthStarts[letters.count * 256 + Int(first | 0x20)]
    }

    /// Month names and their usual abbreviations in languages written with the Latin alphabet.
    static let monthNames: Set<String> = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "okt", "dezember", "dez",
        "janvier", "janv", "février", "févr", "mars", "avril", "avr", "juin", "juillet", "juil", "août", "septembre", "octobre", "novembre", "décembre", "déc",
        "enero", "ene", "febrero", "marzo", "abril", "abr", "mayo", "junio", "julio", "agosto", "ago", "septiembre", "octubre", "noviembre", "diciembre", "dic",
        "janeiro", "fevereiro", "fev", "março", "maio", "junho", "julho", "setembro", "set", "outubro", "out", "novembro", "dezembro",
        "gennaio", "gen", "febbraio", "aprile", "maggio", "mag", "giugno", "giu", "luglio", "lug", "settembre", "ottobre", "ott", "dicembre",
        "januari", "februari", "maart", "mei", "augustus",
    ]

    private static func isSpace(_ v: UInt32) -> Bool { CharacterTable.shared.characterClass(v).contains(.space) }

    /// A decimal digit of any script: "۱۲" (Persian), "١٢" (Arabic), "१२" (Devanagari), "๑๒" (Thai) and
    /// fullwidth "１２" count as the digits they are, so a most-read list numbered in them is numbers too.
    /// (The table's digit class also holds letter numbers such as Ⅻ; only decimal digits count here.)
    private static func isDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        guard CharacterTable.shared.characterClass(v).contains(.digit), let s = Unicode.Scalar(v) else { return false }
        return s.properties.generalCategory == .decimalNumber
    }

    /// "06/18", "2025-06-17", "17.06.2025 19:05": digit groups of at most four digits joined by / - .
    /// Given the text with its spaces, so that a space ends a digit group ("2021 11:32" is not "202111").
    private static func separatorsAreDate(_ scalars: UnsafeBufferPointer<UInt32>) -> Bool {
        var run = 0
        var slash = false, dash = false, dots = 0
        for v in scalars {
            if isDigit(v) { run += 1; if run > 4 { return false } } else {
                run = 0
                if v == 0x2F { slash = true } else if v == 0x2D { dash = true } else if v == 0x2E { dots += 1 }
            }
        }
        // "1.5" is a number, "1.5.2025" a date.
        if dots > 0 && !slash && !dash { return dots >= 2 }
        return true
    }

    /// "1. 1" (a numbered item whose text is a number): a marker. Given the text with its spaces; leading
    /// white space is passed over.
    private static func startsWithMarker(_ raw: UnsafeBufferPointer<UInt32>) -> Bool {
        var i = 0
        while i < raw.count && isSpace(raw[i]) { i += 1 }
        let first = i
        while i < raw.count && isDigit(raw[i]) { i += 1 }
        return i > first && i + 1 < raw.count && raw[i] == 0x2E && isSpace(raw[i + 1])
    }
}
