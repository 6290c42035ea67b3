/// Recognises blocks that are nothing but a list marker, a number, a date or a time: the residue of
/// emptied lists and widgets ("  1. 1", "06/18", "12:30", "2025年6月18日", "•").
enum ShapeClassifier {
    static func shape(of text: UnsafeBufferPointer<UInt8>) -> Shape {
        // ASCII bytes are their own scalars: no String to build for the usual number, date or marker.
        let raw = text.allSatisfy { $0 < 0x80 } ? text.map { Unicode.Scalar($0) } : Array(String(decoding: text, as: UTF8.self).unicodeScalars)
        let scalars = raw.filter { !isSpace($0) }
        guard !scalars.isEmpty else { return .text }
        var digits = 0, groups = 0, inDigits = false
        var colon = 0, dateSeparators = 0, cjkDate = 0, markers = 0, letters = 0, numberSigns = 0, commas = 0, other = 0
        var letterRun: [Unicode.Scalar] = []
        for s in scalars {
            let v = s.value
            if isDigit(s) {
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
                if CharacterTable.shared.characterClass(s.value).contains(.letter) { letters += 1; letterRun.append(s) } else { other += 1 }
            }
        }
        if other > 0 { return .text }
        let lowerLetters = letterRun.isEmpty ? "" : String(String.UnicodeScalarView(letterRun)).lowercased()
        let meridiem = lowerLetters == "am" || lowerLetters == "pm" || lowerLetters == "a.m" || lowerLetters == "p.m"
        // "Jan.01 2026", "31 December 2025", "3. März 2024": a month name with digits is a date.
        if digits > 0 && letters >= 3 && monthNames.contains(lowerLetters) && other == 0 { return .date }
        if digits == 0 {
            // Bullets and dashes alone; a lone letter or a Roman numeral with a bracket or dot ("a)", "iv.")
            // is a marker too, and so is a bullet before a word of up to four letters (the item of an
            // emptied menu, "* Авто"). Not a short word with a dot or bracket after it: that ends a
            // hard-wrapped sentence ("ok.", "się.", "это.") and is body text.
            if letters == 0 && markers > 0 { return .listMarker }
            // A hyphen alone is the bullet of an emptied list item ("-" before each time of a news ticker).
            if letters == 0 && scalars.allSatisfy({ $0.value == 0x2D }) && scalars.count <= 2 { return .listMarker }
            if letters > 0 && (markers > 0 || dateSeparators > 0) && scalars.count <= 7
                && letterRun.allSatisfy({ $0.properties.isLowercase || $0.properties.isUppercase })
                && (letters == 1 || romanNumerals.contains(lowerLetters) || (letters <= 4 && scalars.count <= 6 && bullets.contains(scalars[0].value))) {
                return .listMarker
            }
            return .text
        }
        if letters > 0 && !meridiem && cjkDate == 0 { return .text }
        if letters > 0 && !meridiem && letters != cjkDate { return .text }
        if colon > 0 && groups >= 2 && groups <= 3 && dateSeparators == 0 && cjkDate == 0 { return .time }
        // A date with its time ("15.08.2021 11:32:00", "17:00, 03.10.2025"): a comma is allowed beside a
        // time, where it cannot be a thousands separator.
        let dateSigns = numberSigns == 0 || (colon > 0 && numberSigns == commas && commas == 1)
        if cjkDate > 0 || (groups >= 2 && groups <= 6 && dateSeparators >= 1 && markers == 0 && dateSigns && separatorsAreDate(raw)) {
            return .date
        }
        if groups == 1 && digits <= 3 && (scalars.last == "." || scalars.last == ")") && dateSeparators + markers == 1 { return .listMarker }
        if markers > 0 || (groups == 2 && dateSeparators == 1 && scalars.count <= 8 && startsWithMarker(raw.drop(while: isSpace))) { return .listMarker }
        if groups >= 1 { return .number }
        return .text
    }

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

    private static func isSpace(_ s: Unicode.Scalar) -> Bool { CharacterTable.shared.characterClass(s.value).contains(.space) }

    /// A decimal digit of any script: "۱۲" (Persian), "١٢" (Arabic), "१२" (Devanagari), "๑๒" (Thai) and
    /// fullwidth "１２" count as the digits they are, so a most-read list numbered in them is numbers too.
    private static func isDigit(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return s.properties.generalCategory == .decimalNumber
    }

    /// "06/18", "2025-06-17", "17.06.2025 19:05": digit groups of at most four digits joined by / - .
    /// Given the text with its spaces, so that a space ends a digit group ("2021 11:32" is not "202111").
    private static func separatorsAreDate(_ scalars: [Unicode.Scalar]) -> Bool {
        var run = 0
        var separators = Set<UInt32>()
        for s in scalars {
            if isDigit(s) { run += 1; if run > 4 { return false } } else {
                run = 0
                if s.value == 0x2F || s.value == 0x2D || s.value == 0x2E { separators.insert(s.value) }
            }
        }
        // "1.5" is a number, "1.5.2025" a date.
        if separators == [0x2E] { return scalars.filter { $0.value == 0x2E }.count >= 2 }
        return true
    }

    /// "1. 1" (a numbered item whose text is a number): a marker.
    private static func startsWithMarker(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(scalars)
        var i = 0
        while i < s.count && isDigit(s[i]) { i += 1 }
        return i > 0 && i + 1 < s.count && s[i].value == 0x2E && isSpace(s[i + 1])
    }
}
