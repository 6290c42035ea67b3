import Testing
@testable import BoilercleanText

/// The table path of `CaseFolder` must fold exactly as ICU's NFKC_Casefold does.
struct CaseFoldTableTests {
    func fold(_ folder: CaseFolder, _ scalars: [UInt32], byICU: Bool) -> [UInt8] {
        var text = ""
        for v in scalars { text.unicodeScalars.append(Unicode.Scalar(v)!) }
        var copy = text
        return copy.withUTF8 { bytes in
            byICU ? folder.withFoldedByICU(bytes) { Array($0) } : folder.withFolded(bytes) { Array($0) }
        }
    }

    func hex(_ scalars: [UInt32]) -> String { scalars.map { "U+" + String($0, radix: 16, uppercase: true) }.joined(separator: " ") }

    @Test func everyBMPScalarFoldsAsICUFoldsIt() throws {
        let folder = try CaseFolder(), reference = try CaseFolder()
        var byTable: [UInt32] = []
        for v in UInt32(0)..<0x10000 where !(0xD800...0xDFFF).contains(v) {
            if folder.foldsByTable(v) { byTable.append(v) }
            let got = fold(folder, [v], byICU: false), want = fold(reference, [v], byICU: true)
            if got != want { Issue.record("\(hex([v])): table \(got), ICU \(want)") }
        }
        // The table covers the letters of the scripts the rules are written in, ß → ss and ﬁ → fi included.
        for v: UInt32 in [0x41, 0x61, 0xDF, 0xFB01, 0x3A3, 0x3C2, 0x416, 0x4E2D, 0x3042, 0x30AB, 0xFF76, 0xAC00, 0x0E01, 0x627, 0xFF21] {
            #expect(folder.foldsByTable(v), "\(hex([v]))")
        }
        // Scalars that combine with what precedes them are left to ICU.
        for v: UInt32 in [0x301, 0x308, 0x1161, 0x11A8, 0x3099] { #expect(!folder.foldsByTable(v), "\(hex([v]))") }
        #expect(byTable.count > 50_000)

        // In context: each table scalar between two others, and random mixes with scalars that compose
        // with their neighbours (combining marks, conjoining jamo, kana voicing marks) and beyond the BMP.
        let n = byTable.count
        for (i, v) in byTable.enumerated() {
            let text = [byTable[(i &* 7919) % n], v, byTable[(i &* 104_729 &+ 13) % n]]
            let got = fold(folder, text, byICU: false), want = fold(reference, text, byICU: true)
            if got != want { Issue.record("\(hex(text)): table \(got), ICU \(want)") }
        }
        let composing: [UInt32] = [0x301, 0x308, 0x327, 0x1100, 0x1161, 0x11A8, 0x304B, 0x3099, 0x309A, 0x1F600, 0x1D400, 0x65, 0x41, 0x3B1, 0x433]
        var random = SeededRandom(state: 7)
        func next(_ bound: Int) -> Int { random.next(bound) }
        for _ in 0..<20_000 {
            let text = (0..<(1 + next(8))).map { _ in next(3) == 0 ? composing[next(composing.count)] : byTable[next(n)] }
            let got = fold(folder, text, byICU: false), want = fold(reference, text, byICU: true)
            if got != want { Issue.record("\(hex(text)): table \(got), ICU \(want)") }
        }
    }

    /// ASCII text takes a shortcut to its core text (no folding, ASCII classes); it must agree with the
    /// general path, which folds and classifies every scalar.
    @Test func asciiCoreTextMatchesTheGeneralPath() throws {
        let folder = try CaseFolder()
        var random = SeededRandom(state: 11)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let common: [UInt8] = Array(" \t\nAaZz.-'1,".utf8)
        for round in 0..<20_000 {
            let text = (0..<next(12)).map { _ in next(2) == 0 ? common[next(common.count)] : UInt8(next(128)) }
            let fast = text.withUnsafeBufferPointer { folder.withCoreText($0) { Array($0) } }
            let general = CaseFolder.coreText(folded: text.withUnsafeBufferPointer { t in folder.withFoldedByICU(t) { Array($0) } })
            #expect(fast == general, "round \(round): \(text)")
        }
    }

    /// Runs of printable ASCII and single spaces are copied eight bytes at a time (in ASCII text and in the
    /// table path alike); longer texts made mostly of letters and spaces must agree with the general path,
    /// with the bytes next to letters in ASCII ("@", "[", "`", "{", NUL), the edges of printable ASCII
    /// ("!", "~", U+001F, DEL), digits, punctuation and some non-ASCII mixed in.
    @Test func chunkedCoreTextMatchesTheGeneralPath() throws {
        let folder = try CaseFolder()
        var random = SeededRandom(state: 37)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let letters = Array("abcxyzABCXYZ".unicodeScalars)
        let others: [Unicode.Scalar] = [" ", " ", " ", "\t", "\n", "\u{0}", "@", "[", "`", "{", "_", "^", "9", ".", ",", "'",
                                        "!", "~", "\u{1F}", "\u{7F}", "\r", "0", "5", ":", "(", ")",
                                        "é", "Ж", "ж", "中", "\u{301}", "ß", "\u{A0}", "İ"]
        for round in 0..<30_000 {
            var text = ""
            let ascii = next(2) == 0
            for _ in 0..<next(40) {
                let s = next(4) == 0 ? others[next(others.count)] : letters[next(letters.count)]
                if !ascii || s.isASCII { text.unicodeScalars.append(s) }
            }
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { folder.withCoreText($0) { Array($0) } }
            let general = CaseFolder.coreText(folded: bytes.withUnsafeBufferPointer { t in folder.withFoldedByICU(t) { Array($0) } })
            #expect(fast == general, "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The core text's first bytes, from a leading part of a long text: always the start of the whole
    /// text's core text, and at least the bytes asked for unless that is all of it (texts with combining
    /// marks, scalars beyond the BMP and long runs of white space and punctuation included).
    @Test func corePrefixStartsTheCoreText() throws {
        let folder = try CaseFolder()
        var random = SeededRandom(state: 41)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let letters = Array("abcxyzABCXYZéЖж中あ".unicodeScalars)
        let others: [Unicode.Scalar] = [" ", " ", "\u{2003}", "\t", ".", ",", "-", "1", "\u{301}", "\u{308}", "ß", "ﬁ", "\u{A0}", "İ",
                                        "\u{1F600}", "\u{AD}", "\u{3000}", "ｶ", "\u{FF9E}", "\u{1161}", "\u{64E}", "\u{640}", "\u{FB2A}"]
        for round in 0..<20_000 {
            var text = ""
            let long = next(3) == 0
            for _ in 0..<(long ? 100 + next(300) : next(200)) {
                let s = next(3) == 0 ? others[next(others.count)] : letters[next(letters.count)]
                text.unicodeScalars.append(s)
            }
            let minimum = 1 + next(60)
            let bytes = Array(text.utf8)
            let whole = bytes.withUnsafeBufferPointer { folder.withCoreText($0) { Array($0) } }
            let prefix = bytes.withUnsafeBufferPointer { folder.withCorePrefix($0, minimum: minimum) { Array($0) } }
            #expect(whole.starts(with: prefix) && (prefix.count >= minimum || prefix == whole),
                    "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Non-ASCII text gets its core text in one pass over the text (folding by table and trimming
    /// together); it must agree with folding by ICU and then taking the core, on mixes of spaces,
    /// punctuation, multi-scalar folds (ß, ﬁ, ¨ → space + mark, U+FDFA), empty folds (soft hyphen),
    /// full- and half-width forms, scalars ICU must fold (combining marks, jamo) and beyond the BMP.
    @Test func coreTextByTableMatchesICU() throws {
        let folder = try CaseFolder()
        var random = SeededRandom(state: 23)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let pool: [UInt32] = [0x20, 0x20, 0x09, 0xA0, 0x3000, 0x2E, 0x2D, 0x28, 0x29, 0xA9, 0x31, 0x41, 0x61, 0x5A, 0xDF, 0xFB01,
                              0xA8, 0xFDFA, 0xAD, 0x200B, 0xFF21, 0xFF41, 0xFF11, 0xFF76, 0xFF9E, 0x3A3, 0x3C2, 0x416, 0x4E2D,
                              0x3042, 0x30AB, 0x3002, 0xAC00, 0x0E01, 0x627, 0x301, 0x308, 0x1100, 0x1161, 0x3099, 0x1F600, 0x1D400,
                              0x2460, 0x2122, 0x33A1, 0x1E9E, 0x130, 0x149,
                              // Arabic harakat, tatweel, hamza above (composes with alef), a Quranic sign; Hebrew
                              // points and a presentation form that decomposes into a letter and points.
                              0x64E, 0x651, 0x640, 0x654, 0x6D6, 0x5B8, 0x5BC, 0x5D1, 0xFB2A]
        for round in 0..<50_000 {
            var text = ""
            for _ in 0..<next(10) { text.unicodeScalars.append(Unicode.Scalar(pool[next(pool.count)])!) }
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { folder.withCoreText($0) { Array($0) } }
            let general = CaseFolder.coreText(folded: bytes.withUnsafeBufferPointer { t in folder.withFoldedByICU(t) { Array($0) } })
            #expect(fast == general, "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

/// Vowel marks that Arabic and Hebrew writers add or leave out at will are not part of the core text,
/// so phrases match with or without them; the hamza, which composes with its letter, stays.
struct OptionalMarkTests {
    func core(_ text: String) throws -> String {
        let folder = try CaseFolder()
        return Array(text.utf8).withUnsafeBufferPointer { folder.withCoreText($0) { String(decoding: Array($0), as: UTF8.self) } }
    }

    @Test func arabicHarakatAndTatweelGo() throws {
        #expect(try core("مَقالاتٌ ذاتُ صِلَة") == "مقالات ذات صلة")
        #expect(try core("مقـــالات ذات صلة") == "مقالات ذات صلة")
        #expect(CaseFolder.coreText(folded: Array("اقرأ أيضًا".utf8)) == Array("اقرأ أيضا".utf8))
    }

    @Test func hebrewPointsGo() throws {
        #expect(try core("כָּתְבוֹת קְשׁוּרוֹת") == "כתבות קשורות")
    }

    @Test func hamzaComposedWithItsLetterStays() throws {
        // Alef + combining hamza above normalises to U+0623, which the core text keeps.
        #expect(try core("\u{627}\u{654}خبار") == "أخبار")
    }
}

/// Turkish dotted capital I folds to plain "i" (NFKC_Casefold alone gives "i" + U+0307), by table and by
/// ICU alike, so "İLGİLİ HABER" matches the phrase "ilgili haber".
struct TurkishDottedIFoldTests {
    @Test func dottedCapitalIFoldsToPlainI() throws {
        let folder = try CaseFolder()
        #expect(folder.fold("İLGİLİ HABER") == "ilgili haber")
        var text = "İstanbul"
        let byICU = text.withUTF8 { folder.withFoldedByICU($0) { Array($0) } }
        #expect(byICU == Array("istanbul".utf8))
        // Text with a combining mark goes to ICU as a whole; İ still folds to i there.
        var marked = "İe\u{301}"
        let mixed = marked.withUTF8 { folder.withFolded($0) { Array($0) } }
        #expect(mixed == Array("ié".utf8))
    }
}

/// A small linear congruential generator, so the randomised tests see the same texts on every run.
struct SeededRandom {
    var state: UInt64
    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// The block scanner builds each block's core text in its pass (`Document.cores`); where it does, the
/// bytes must be those `CaseFolder.withCoreText` gives for the block.
struct ScannerCoreTextTests {
    @Test func scannerCoreTextsMatchTheFolder() throws {
        let analyzer = try Analyzer(), folder = try CaseFolder(), reference = try CaseFolder()
        // Latin runs, ASCII punctuation and digits, white space of several kinds, folds longer than their
        // scalar (ß, ﬃ, Ⱥ, U+FDFA), one-scalar folds (İ, K, Ａ), optional Arabic and Hebrew marks, marks
        // that leave a text to ICU (U+0301), scalars beyond the BMP and kana, Han, Thai and Cyrillic.
        let pieces: [String] = ["Hello", " ", "  ", "\t", "WORLD", "a", "Z", ".", ",", "-", "'", "1", "(", "»", "\u{A0}", "\u{3000}",
                                "ß", "ﬃ", "\u{23A}", "\u{FDFA}", "\u{130}", "\u{212A}", "Ａ", "مَقالات", "\u{640}", "שָׁלוֹם", "e\u{301}",
                                "😀", "𝐀", "カタカナ", "ｶﾀｶﾅ", "中文", "ไทย", "Привет", "Ελληνικά", "\u{AD}", "\u{200B}", "_", "x\u{308}"]
        var random = SeededRandom(state: 23)
        var lines: [String] = []
        for _ in 0..<4_000 {
            var line = ""
            for _ in 0..<random.next(10) { line += pieces[random.next(pieces.count)] }
            lines.append(line)
        }
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let document = analyzer.analyze(bytes, folder: folder)
        var built = 0
        for block in document.blocks {
            let want = document.withBytes(of: block) { text in reference.withCoreText(text) { Array($0) } }
            if let got = document.withCore(of: block, { $0.map { Array($0) } }) {
                built += 1
                #expect(got == want, "\(document.text(of: block))")
            }
        }
        // Most lines hold no scalar that only ICU folds.
        #expect(built > document.blocks.count / 3)
        // Without a folder nothing is built.
        #expect(analyzer.analyze(bytes).blocks.allSatisfy { $0.coreLength < 0 })
    }
}
