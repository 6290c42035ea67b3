import Testing
@testable import BoilercleanText

/// The block scanner's measurements on mixed-script lines, pinned: fast paths in the scanner must not
/// change a single count (recorded before the ASCII fast path was added).
struct ScannerGoldenTests {
    static let lines = [
        "The quick brown fox doesn't jump over the lazy dog. It isn't here!",
        "Die Katze schläft, und der Hund bellt: „Nein!“ Straße 12,5 km.",
        "ÉCOLE élève naïve café — l'été; U.S.A. e.g. 3.14159 1,000,000",
        "東京の株式市場では、日経平均株価が上昇した。The index rose 2.5%.",
        "免責聲明：投資有風險，本文並非投資建議。Not investment advice!",
        "ภาษาไทยไม่มีช่องว่างระหว่างคำ and then English words",
        "مرحبا بالعالم؟ هذا نص عربي 123 with Latin",
        "Привет, мир! Это тест... snake_case_word and CamelCase",
        "한국어 문장입니다. 투자 권유가 아닙니다 ABC",
        "   indented   line\twith\ttabs and  double  spaces   ",
        "© 2024 Example Inc. All rights reserved. (c) www.example.com/a_b?x=1&y=2",
        "a", "A.", "I'm", "x'y'z", "12:30", "1.5.2025", "“Quoted.” ‘Single’ (bracket.)",
        "emoji 😀 in 🇩🇪 text — ok?",
    ]

    func summary(_ document: Document, _ block: Block) -> String {
        let f = block.features
        let scripts = document.scripts(of: block).map { "\(UnicodeScripts.shortName($0.script)):\($0.count)" }.joined(separator: ",")
        return "c\(f.characters) l\(f.letters) d\(f.digits) p\(f.punctuation) s\(f.symbols) sp\(f.spaces) w\(f.words) m\(f.sentenceMarks) "
            + "t\(f.endsWithTerminal ? 1 : 0) len\(f.length) sw\(f.stopwords) dom\(UnicodeScripts.shortName(f.dominantScript)) [\(scripts)]"
    }

    @Test func mixedScriptLinesMeasureAsRecorded() throws {
        var table = StopwordTable()
        table.add(language: "en", words: ["the", "over", "it", "isn't", "doesn't", "and", "then", "with", "in", "all", "not", "i'm", "x'y'z", "a"])
        table.add(language: "de", words: ["die", "und", "der", "nein", "in"])
        table.add(language: "ja", words: ["の", "では", "が", "した"])
        let analyzer = try Analyzer(stopwords: table)
        let document = analyzer.analyze(Array(Self.lines.joined(separator: "\n").utf8))
        let got = document.blocks.map { summary(document, $0) }
        #expect(got == Self.expected)
    }

    static let expected = [
        "c54 l50 d0 p4 s0 sp12 w13 m2 t1 len54 sw6 domLatn [Latn:54]",
        "c52 l42 d3 p7 s0 sp10 w11 m1 t1 len52 sw0 domLatn [Latn:52]",
        "c52 l28 d13 p11 s0 sp9 w9 m2 t0 len52 sw0 domLatn [Latn:52]",
        "c39 l32 d2 p5 s0 sp3 w16 m2 t1 len79 sw1 domJpan [Jpan:22,Latn:17]",
        "c40 l36 d0 p4 s0 sp2 w12 m2 t1 len74 sw1 domHani [Hani:20,Latn:20]",
        "c48 l43 d0 p0 s0 sp4 w11 m0 t0 len106 sw2 domThai [Thai:29,Latn:19]",
        "c34 l30 d3 p1 s0 sp7 w8 m1 t0 len34 sw1 domArab [Arab:25,Latn:9]",
        "c48 l41 d0 p5 s0 sp6 w7 m2 t0 len48 sw1 domLatn [Latn:27,Cyrl:21]",
        "c21 l20 d0 p1 s0 sp5 w6 m1 t0 len21 sw0 domHang [Hang:18,Latn:3]",
        "c35 l35 d0 p0 s0 sp16 w7 m0 t0 len35 sw2 domLatn [Latn:35]",
        "c64 l45 d6 p9 s3 sp8 w13 m2 t0 len64 sw1 domLatn [Latn:64]",
        "c1 l1 d0 p0 s0 sp0 w1 m0 t0 len1 sw1 domLatn [Latn:1]",
        "c2 l1 d0 p1 s0 sp0 w1 m1 t1 len2 sw1 domLatn [Latn:2]",
        "c3 l2 d0 p1 s0 sp0 w1 m0 t0 len3 sw1 domLatn [Latn:3]",
        "c5 l3 d0 p2 s0 sp0 w1 m0 t0 len5 sw1 domLatn [Latn:5]",
        "c5 l0 d4 p1 s0 sp0 w2 m0 t0 len5 sw0 domZyyy [Zyyy:5]",
        "c8 l0 d6 p2 s0 sp0 w1 m0 t0 len8 sw0 domZyyy [Zyyy:8]",
        "c27 l19 d0 p8 s0 sp2 w3 m2 t1 len27 sw0 domLatn [Latn:27]",
        "c18 l13 d0 p2 s3 sp6 w4 m1 t1 len18 sw1 domLatn [Latn:18]"
    ]
}
