/// Recognises blocks that are nothing but a list marker, a number, a date or a time: the residue of
/// emptied lists and widgets ("  1. 1", "06/18", "12:30", "2025年6月18日", "•").
enum ShapeClassifier {
    static func shape(of text: UnsafeBufferPointer<UInt8>) -> Shape {
        // The scalars in a scratch buffer on the stack (the text is valid UTF-8 of at most a few hundred
        // bytes): the text's scalars first, then those that are not white space, then the letters among
        // those. Arrays and Strings here cost several allocations a block.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 3 * text.count + 1) { buffer in
            var n = 0
            var i = 0
            while i < text.count {
                let (scalar, length) = decodeScalar(text, at: i)
                buffer[n] = scalar
                n += 1
                i += length
            }
            let raw = UnsafeBufferPointer(rebasing: buffer[0..<n])
            var m = 0
            for v in raw where !isSpace(v) { buffer[n + m] = v; m += 1 }
            return shape(raw: raw, scalars: UnsafeBufferPointer(rebasing: buffer[n..<(n + m)]), letterBuffer: buffer.baseAddress! + n + m)
        }
    }

    private static func shape(raw: UnsafeBufferPointer<UInt32>, scalars: UnsafeBufferPointer<UInt32>, letterBuffer: UnsafeMutablePointer<UInt32>) -> Shape {
        guard !scalars.isEmpty else { return .text }
        var digits = 0, groups = 0, inDigits = false
        var colon = 0, dateSeparators = 0, cjkDate = 0, markers = 0, letters = 0, numberSigns = 0, commas = 0, other = 0
        for v in scalars {
            if isDigit(v) {
                digits += 1
                if !inDigits { groups += 1 }
                inDigits = true
                continue
            }
            inDigits = false
            switch v {
            case 0x3A: colon += 1
            case 0x2F, 0x2D, 0x2E: dateSeparators += 1
            case 0x5E74, 0x6708, 0x65E5, 0x6642, 0x65F6, 0x5206, 0x79D2, 0xB144, 0xC6D4, 0xC77C: cjkDate += 1   // 年月日時时分秒 년월일
            case 0x2C: numberSigns += 1; commas += 1
            case 0x25, 0x2B, 0x24, 0x20AC, 0xA3, 0xA5, 0x2212: numberSigns += 1                 // % + $ € £ ¥ −
            case 0x29, 0x28, 0x5B, 0x5D, 0x2022, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x25BA, 0x2013, 0x2014,
                 0x2A, 0xB7, 0x203A, 0xBB, 0x2023, 0x2043, 0x2219, 0x25C6, 0x25C7, 0x2605, 0x2606, 0x3001, 0x3002:
                markers += 1
            default:
                if isLetter(v) { letterBuffer[letters] = v; letters += 1 } else { other += 1 }
            }
        }
        if other > 0 { return .text }
        // The letters in order, lower-cased (only lines with letters build the String).
        let letterRun = UnsafeBufferPointer(start: letterBuffer, count: letters)
        // Made only when a check below reads it, from the letters' UTF-8 (a String built from scalars took
        // thousands of instructions).
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
            guard letters == 2 else { return false }
            let l = lowerLetters()
            return l == "am" || l == "pm" || l == "a.m" || l == "p.m"
        }
        // "Jan.01 2026", "31 December 2025", "3. März 2024": a month name with digits is a date.
        if digits > 0 && letters >= 3 && letters <= longestMonthName && mayBeMonthName(letterRun) && monthNames.contains(lowerLetters()) && other == 0 { return .date }
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
                && (letters == 1 || (letters <= longestRomanNumeral && romanNumerals.contains(lowerLetters())) || (letters <= 4 && scalars.count <= 6 && bullets.contains(scalars[0]))) {
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
