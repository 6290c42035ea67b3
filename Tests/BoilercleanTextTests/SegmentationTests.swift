import Testing
import CICU
@testable import BoilercleanText

/// ICU word counts in scripts with and without spaces, and the fast scanner's agreement with ICU.
struct SegmentationTests {
    let analyzer = try! Analyzer()

    func features(_ text: String) -> BlockFeatures {
        analyzer.analyze(Array(text.utf8)).blocks[0].features
    }

    @Test("dictionary segmentation for scripts without spaces", arguments: [
        ("免責聲明投資有風險", 4),              // 免責|聲明|投資|有|風險 as ICU 72 splits it: 免責聲明 may be one word
        ("我们今天去北京。", 4),
        ("ภาษาไทยไม่มีการเว้นวรรค", 5),
    ])
    func dictionaryWords(text: String, atLeast: Int) throws {
        let words = try Segmenter(.word).count(text)
        #expect(words >= atLeast - 1 && words <= text.count)
        #expect(features(text).words == words)
        #expect(features(text).usesDictionary)
    }

    @Test func chineseWordsAreNotCharacters() throws {
        let segmenter = try Segmenter(.word)
        let words = segmenter.words("投資有風險")
        #expect(words.contains("投資"))
        #expect(words.contains("風險"))
        #expect(features("投資有風險").words == words.count)
    }

    @Test("fast scanner agrees with ICU on scripts written with spaces", arguments: [
        "The quick brown fox doesn't jump over 3.5 lazy dogs, e.g. today.",
        "Быстрая коричневая лиса прыгает через ленивую собаку.",
        "الثعلب البني السريع يقفز فوق الكلب الكسول",
        "빠른 갈색 여우가 게으른 개를 뛰어넘는다.",
        "Die Straße ist 1.200 Meter lang – sagt der Bürgermeister.",
        "Ο γρήγορος καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο.",
        "Le chat s'est endormi à l'ombre, n'est-ce pas?",
    ])
    func scannerMatchesICU(text: String) throws {
        let icu = try Segmenter(.word).count(text)
        #expect(features(text).words == icu, "\(text)")
    }

    @Test func japaneseCountsAsOneWritingSystem() {
        let document = analyzer.analyze(Array("東京の株式市場では、日経平均株価が上昇した。".utf8))
        let f = document.blocks[0].features
        #expect(UnicodeScripts.name(f.dominantScript) == "Japanese")
        #expect(document.scripts(of: document.blocks[0]).count == 1)
        #expect(f.endsWithTerminal)
    }

    @Test func commonCharactersTakeTheirContext() {
        let document = analyzer.analyze(Array("Hello, world 123! 你好".utf8))
        let f = document.blocks[0].features
        let latin = document.scripts(of: document.blocks[0]).first { UnicodeScripts.name($0.script) == "Latin" }
        let han = document.scripts(of: document.blocks[0]).first { UnicodeScripts.name($0.script) == "Han" }
        // ", " is space-free: the comma, digits and "!" join Latin; Han keeps its two characters.
        #expect(latin?.count == 15)
        #expect(han?.count == 2)
        #expect(f.characters == 17)
    }

    @Test func sentenceCountsFromICU() throws {
        let s = try Segmenter(.sentence)
        #expect(s.count("First one. Second one! Third?") == 3)
        #expect(s.count("第一句。第二句！第三句？") == 3)
    }

    @Test func terminalPunctuationInsideQuotes() {
        #expect(features("He said \"it is over.\"").endsWithTerminal)
        #expect(features("「終わりだ。」").endsWithTerminal)
        #expect(!features("Read more").endsWithTerminal)
        #expect(features("هل انتهى؟").endsWithTerminal)
    }

    @Test func characterClassShares() {
        let f = features("abc 123 !!")
        #expect(f.letters == 3 && f.digits == 3 && f.punctuation == 2 && f.spaces == 2)
        #expect(f.characters == 8)
    }

    @Test("shapes of residue lines", arguments: [
        ("  1. 1", Shape.listMarker), ("•", .listMarker), ("10.", .listMarker), ("237", .number), ("1,234.50", .number),
        ("06/18", .date), ("2025-06-17", .date), ("2025年6月18日", .date), ("12:30", .time), ("9:05 pm", .time),
        ("1.5", .number), ("Hello", .text), ("a)", .listMarker),
        ("Jan.01 2026", .date), ("31 December 2025", .date), ("3. März 2024", .date), ("Maybe 2025", .text),
    ])
    func shapes(text: String, shape: Shape) {
        #expect(features(text).shape == shape, "\(text)")
    }

    /// A short word ending a hard-wrapped line is not a list marker; a letter or a Roman numeral is.
    @Test("short final words are text, letters and Roman numerals are markers", arguments: [
        ("ok.", Shape.text), ("się.", .text), ("это.", .text), ("ngày.", .text), ("nhận.", .text), ("done)", .text),
        ("b.", .listMarker), ("(c)", .listMarker), ("iv.", .listMarker), ("XII)", .listMarker), ("xviii.", .listMarker),
        ("б)", .listMarker), ("* Авто", .listMarker), ("• Я.ру", .listMarker),
        // A date with its time is a date, not a number ("15.08.2021 11:32:00" read as digit runs joined).
        ("15.08.2021 11:32:00", .date), ("17:00, 03.10.2025", .date), ("2021-08-15 11:32", .date), ("1,234", .number),
    ])
    func shortWordsAreNotMarkers(text: String, shape: Shape) {
        #expect(features(text).shape == shape, "\(text)")
    }

    /// Digits of other scripts are digits: a most-read list numbered "۱", "۲" (Persian) or "๑" (Thai)
    /// is as much a list of numbers as one numbered "1", "2".
    @Test("numbers, dates and markers written in other scripts' digits", arguments: [
        ("۱", Shape.number), ("۱۲", .number), ("١٢", .number), ("१२", .number), ("๑๒", .number), ("１２", .number),
        ("٣.", .listMarker), ("۱۴۰۲/۰۵/۱۲", .date), ("۱۲:۳۰", .time), ("۱۲ مهر", .text),
        // A hyphen alone is a list marker, like a dash or a bullet alone.
        ("-", .listMarker), ("–", .listMarker), ("-5", .number),
    ])
    func nonLatinDigits(text: String, shape: Shape) {
        #expect(features(text).shape == shape, "\(text)")
    }

    @Test func caseFolding() throws {
        let folder = try CaseFolder()
        #expect(folder.fold("ＡＢＣ１２３") == "abc123")
        #expect(folder.fold("ｶﾀｶﾅ") == "カタカナ")
        #expect(folder.fold("Straße") == "strasse")
        #expect(folder.fold("SHARE") == "share")
    }

    @Test func icuRegexOnUTF8() throws {
        let r = try ICURegex("風險|risk")
        #expect(r.firstMatch(in: "投資有風險") == .match(9..<15))   // byte offsets: three bytes a character
        #expect(r.firstMatch(in: "RISK") == .match(0..<4))
        #expect(r.firstMatch(in: "none") == .noMatch)
        #expect(throws: ICURegex.CompileError.self) { try ICURegex("(unclosed") }
    }

    @Test func deferredRegexCompilesOnFirstUseAndMatchesAsEager() throws {
        let pattern = #"(?:風險|risk)\s*\d+"#
        let eager = try ICURegex(pattern)
        let deferred = try ICURegex(pattern, deferred: true)
        let copy = try #require(deferred.clone())   // cloned before it was ever compiled
        for text in ["投資有風險 12", "RISK 3", "risk", "none", ""] {
            #expect(deferred.firstMatch(in: text) == eager.firstMatch(in: text), "\(text)")
            #expect(copy.firstMatch(in: text) == eager.firstMatch(in: text), "\(text)")
        }
        let compiledCopy = try #require(deferred.clone())   // cloned after its first use
        #expect(compiledCopy.firstMatch(in: "risk 7") == .match(0..<6))
        // A deferred pattern is trusted to compile: one that does not is not reported at construction
        // (the tests compile the built-in rules eagerly) and then matches nothing, never crashes.
        let broken = try ICURegex("(unclosed", deferred: true)
        #expect(broken.firstMatch(in: "(unclosed") == .failure)
        #expect(broken.firstMatch(in: "(unclosed") == .failure)
    }

    @Test func regexStartBytes() throws {
        func bytes(_ pattern: String) -> String? {
            ICURegex.startBytes(of: pattern).map { set in String(decoding: (0..<256).filter { set[$0] }.map(UInt8.init), as: UTF8.self) }
        }
        #expect(bytes(#"[(\[]\s*\d{1,2}:\d{2}\s*[)\]]\s*$"#) == "([")
        #expect(bytes(#"\(\d+\)"#) == "(")
        #expect(bytes("@\\w+") == "@")
        #expect(bytes("[(\\[]?x") == nil)          // optional
        #expect(bytes("[(]\\d|x") == nil)          // an alternative at the top level
        #expect(bytes("[(](?:a|b)") == "(")         // not at the top level
        #expect(bytes("[a(]b") == nil)              // a letter: case variants
        #expect(bytes("[^(]") == nil)
        #expect(bytes("[!-/]") == nil)               // a range
        #expect(bytes("^\\(") == nil)
        #expect(bytes("((?x) a | b )") == nil)
        #expect(bytes("[(](?# ) )|x") == nil)
        let r = try ICURegex(#"[(\[]\s*\d{1,2}:\d{2}\s*[)\]]\s*$"#)
        #expect(r.firstMatch(in: "Headline (12:30)") == .match(9..<16))
        #expect(r.firstMatch(in: "Headline 12:30") == .noMatch)
    }

    @Test func regexColumnGap() throws {
        let row = #"\S(?:\s{2,}+|\t)[-+]?\d[\d.,:%/]*+(?:\s{2,}+|\t)[-+]?\d[\d.,:%/]*+(?:\s{2,}|\t|\s*$)"#
        #expect(ICURegex.needsColumnGap(row))
        #expect(ICURegex.needsColumnGap(#"(?:\s{2,}|\t)\d"#))
        #expect(!ICURegex.needsColumnGap(#"\S(?:\s{2,}+|\t)\d|x"#))   // an alternative at the top level
        #expect(!ICURegex.needsColumnGap(#"\S(?:\s{2,}+|\t)?\d"#))    // optional
        #expect(!ICURegex.needsColumnGap(#"\S\s+\d"#))
        func gap(_ s: String) -> Bool { var c = s; return c.withUTF8 { ICURegex.hasColumnGap($0) } }
        #expect(gap("a\tb") && gap("\t") && gap("a  b") && gap("a \nb") && gap("a\u{3000}\u{3000}b"))
        #expect(gap("a\u{A0} b") && gap("a\u{2009}\u{202F}b") && gap("a\u{85}\u{2028}"))
        #expect(!gap("a b c") && !gap("") && !gap(" ") && !gap("表　格") && !gap("a\u{A0}b c\u{3000}d"))
        // The pre-filter gives the same answers as ICU on text with and without gaps.
        let r = try ICURegex(row)
        let plain = try ICURegex("(?:" + row + ")")   // not pre-filtered: the group is not at the start
        for text in ["3     Kevin Harvick          5033         4      6     15      26", "Team\t12\t14",
                     "a 1 2 3", "Team\u{3000}\u{3000}12\u{3000}\u{3000}14", "Team\u{A0} 12 \u{A0}14", "x 1  2"] {
            #expect(r.firstMatch(in: text) == plain.firstMatch(in: text), "\(text)")
        }
    }

    @Test func regexFinalScalars() throws {
        func final(_ pattern: String) -> String? {
            FinalScalars(of: pattern).map { String(String.UnicodeScalarView($0.scalars.compactMap(Unicode.Scalar.init))) }
        }
        let chevron = #"^\s*[\p{L}\p{M}][\p{L}\p{M}\s/&·,.-]{0,28}?\s*[>»›]\s*$"#
        #expect(final(chevron) == ">»›" && FinalScalars(of: chevron)?.cased == false)
        #expect(final("x[>]$") == ">")
        #expect(final("x[>]\\s*+$") == ">")
        #expect(final("x[a>]\\s*$") == ">Aa" && FinalScalars(of: "x[a>]$")?.cased == true)   // both cases
        #expect(final("x[>]?$") == ">Xx")                               // optional: "x" may end the match
        #expect(final("(?:12|3)\\s*(?:50|60|250)+$") == "0")
        #expect(final(#"^\s*(?:(?:728|300)\s*[x×X]\s*(?:90|250)|반응형)\s*$"#) == "0형")
        #expect(final(#"^\s*(?:\[object [A-Za-z]+\]|[\p{L}\p{M} ]{1,24}[:：]\s*(?:undefined|NaN|null))\s*$"#) == "DLN]dln")
        #expect(final(#"[(\[]\s*\d{1,2}:\d{2}\s*[)\]]\s*$"#) == ")]")
        #expect(final("x\\b$") == "Xx")                                // an assertion matches nothing
        for pattern in ["x[>]\\s*$|y",      // an alternative at the top level: "$" binds to it alone
                        "[>]?$", "x?$", "(?:)$",  // the match may be empty
                        "x[!-/]$", "x[^>]$", "x[\\p{P}]$", "x\\p{L}$", "x.$", "x\\d$", "x\\s$", "x[ >]$",
                        "x\\[>]$",           // a "]" outside a set is not read
                        "x[>]\\$",           // a literal dollar sign
                        "(?m)x[>]$", "(?i:x)$", "x(?=y)$", "(x)\\1$", "x\\Q>\\E$", "x\\\\s*$",
                        "x[ß]$", "straß$", "x\u{212A}$", "x\u{301}$", "x[>]", "x{2$"] {
            #expect(final(pattern) == nil, "\(pattern)")
        }
        let upper = try #require(FinalScalars(of: "abc$"))
        #expect(upper.admits(0x43) && upper.admits(0x63) && !upper.admits(0x64) && !upper.admits(0))
        #expect(upper.admits(0x212A) && upper.admits(0xC9) && !upper.admits(0x4E2D))   // cased non-ASCII: left to ICU
        func last(_ s: String) -> UInt32 { var c = s; return c.withUTF8 { ICURegex.lastNonSpaceScalar($0) } }
        #expect(last("More »  ") == 0xBB && last("a\u{3000}\n") == 0x61 && last(" \t") == 0 && last("") == 0)
        // `admitsEnd` steps over the ASCII bytes of the table's space class, and answers as `admits` of
        // the last non-space scalar.
        for b in 0..<UInt32(0x80) {
            #expect(FinalScalars.isASCIISpace(UInt8(b)) == CharacterTable.shared.characterClass(b).contains(.space), "\(b)")
        }
        for text in ["abc", "ABC \t", "abd", "ab\u{212A}", "中 ", " \n", "", "c\u{3000}", "x\u{1C}", "abc\u{1F}", "C\u{85}"] {
            var copy = text
            let end = copy.withUTF8 { upper.admitsEnd($0) }, plain = copy.withUTF8 { upper.admits(ICURegex.lastNonSpaceScalar($0)) }
            #expect(end == plain, "\(text)")
            // The evaluator's rows by last byte: for a text whose last non-space byte is ASCII, `admits`
            // of that byte is `admitsEnd`; -1 leaves the text to `admitsEnd`.
            let lastByte = copy.withUTF8 { FinalScalars.lastASCIIByte($0) }
            if lastByte >= 0 { #expect(upper.admits(UInt32(lastByte)) == end, "\(text)") }
        }
        for b in 0..<UInt8(0x80) where !FinalScalars.isASCIISpace(b) {
            for text in [[b], [0x41, b, 0x20, 0x0A], [0xE4, 0xB8, 0xAD, b, 0x09]] {
                let (lastByte, end) = text.withUnsafeBufferPointer { (FinalScalars.lastASCIIByte($0), upper.admitsEnd($0)) }
                #expect(lastByte == Int(b) && upper.admits(UInt32(b)) == end, "\(text)")
            }
        }
        // Changes_When_Casefolded is ICU's: on every scalar assigned in ICU's Unicode version it agrees with
        // Swift's (which may know newer scalars, that ICU leaves unfolded).
        var disagree: [UInt32] = []
        for v in UInt32(0)..<0x110000 where cicu_char_type(Int32(v)) != 0 {
            guard let s = Unicode.Scalar(v) else { continue }
            if s.properties.changesWhenCaseFolded != (cicu_changes_when_casefolded(Int32(v)) != 0) { disagree.append(v) }
        }
        #expect(disagree.isEmpty, "\(disagree.map { String($0, radix: 16) })")
        #expect([0x61, 0xE4, 0xB8, 0xAD, 0x20].withUnsafeBufferPointer { FinalScalars.lastASCIIByte($0) } == -1)
        #expect([0x20, 0x0A].withUnsafeBufferPointer { FinalScalars.lastASCIIByte($0) } == -1)
        // The pre-filter gives the same answers as ICU without it (a pattern in a group is not analysed).
        let texts = ["More »", "증권 >", "Sports ›  ", "Home", "a > b", "Read more »\u{3000}", "»", "News »\u{200B}",
                     "Very long section name that goes on and on »", "728x90", "300 X 250 ", "반응형", "300 x 25",
                     "Published: undefined", "Autor: [object Object]\n", "Views: NAN", "Views: nuﬂ", "Views: nul\u{212A}",
                     "[object Promise]", "x: null ", "x: nulL\u{2028}", "(12:30)", "Headline (12:30) ", "ab", "ABC", "ab\u{212A}"]
        for pattern in [chevron, #"^\s*(?:(?:728|970|300)\s*[x×X]\s*(?:600|250|90)|반응형)\s*$"#,
                        #"^\s*(?:\[object [A-Za-z]+\]|[\p{L}\p{M} ]{1,24}[:：]\s*(?:undefined|NaN|null|\[object [A-Za-z]+\]))\s*$"#,
                        #"[(\[]\s*\d{1,2}:\d{2}\s*[)\]]\s*$"#, "abk$", "ab[kK]\\s*$"] {
            let r = try ICURegex(pattern), plain = try ICURegex("(?:" + pattern + ")")
            #expect(FinalScalars(of: pattern) != nil && FinalScalars(of: "(?:" + pattern + ")") == nil)
            for text in texts { #expect(r.firstMatch(in: text) == plain.firstMatch(in: text), "\(pattern) on \(text)") }
        }
    }

    @Test func regexRequiredCharacters() throws {
        func bytes(_ pattern: String) -> [UInt8]? {
            RegexTail.requiredLeadBytes(of: pattern).map { set in (0..<256).filter { set[$0] }.map(UInt8.init) }
        }
        let scriptValue = #"^\s*(?:\[object [A-Za-z]+\]|[\p{L}\p{M} ]{1,24}[:：]\s*(?:undefined|NaN|null|\[object [A-Za-z]+\]))\s*$"#
        let slashes = #"^\s*\(?\s*\p{L}{2,5}(?:\s*/\s*\p{L}{2,5}){1,3}\s*\)?\s*$"#
        #expect(bytes(scriptValue) == [0x3A, 0x5B, 0xEF])    // "[" in one alternative, ":" or "：" in the other
        #expect(bytes(slashes) == [0x2F])
        #expect(bytes("1|2") == [0x31, 0x32] && bytes("x?1") == [0x31] && bytes("12") == [0x31] && bytes("1 2") == [0x31])
        #expect(bytes("a(?:1|23)+b") == [0x31, 0x32] && bytes("©") == [0xC2] && bytes("[:：]") == [0x3A, 0xEF])
        #expect(bytes("[:alpha:]") == nil && bytes("[[:digit:]:]") == nil)                  // POSIX classes
        for pattern in ["abc", "a|1", "(?:1)?x", "1*x", "1{0,2}x", "[^1]", "a\\d", "(?=1)x", "ⓒ", "\\Q1\\E", "(1)\\1", " ", "1|"] {
            #expect(bytes(pattern) == nil, "\(pattern)")
        }
        // The pre-filter gives the same answers as ICU without it (an alternative it cannot read turns it off).
        let texts = ["Published: undefined", "Autor: [object Object]", "发布时间：undefined", "Views NaN", "[object Promise]",
                     "EN / DE / FR", "(en/de)", "en de", "Home", "1", "2 x", "", "a:b"]
        for pattern in [scriptValue, slashes, "1|2", "x?1", "[:：]", "a[:：]b", "[^:]"] {
            let r = try ICURegex(pattern), plain = try ICURegex("(?:" + pattern + ")|(?!)")
            #expect(RegexTail.requiredLeadBytes(of: "(?:" + pattern + ")|(?!)") == nil)
            for text in texts { #expect(r.firstMatch(in: text) == plain.firstMatch(in: text), "\(pattern) on \(text)") }
        }
    }

    @Test func catastrophicPatternHitsTheTimeLimit() throws {
        let r = try ICURegex("(a+)+$", timeLimit: 1)
        var text = String(repeating: "a", count: 40) + "!"
        #expect(text.withUTF8 { r.firstMatchByICU(in: $0) } == .timeLimit)
        // The pre-filter sees that no match can end on "!" and spares ICU the work.
        #expect(r.firstMatch(in: text) == .noMatch)
    }
}
