import Testing
import BoilercleanEngine
@testable import BoilercleanText

/// The hand-written pre-filters of `PatternProbe` belong to built-in patterns and never turn away a text
/// that ICU matches.
struct PatternProbeTests {
    @Test func everyProbeBelongsToABuiltInRule() throws {
        let patterns = Set(try Cleaner.defaultRules().rules.compactMap { $0.when.regex?.pattern })
        for probe in PatternProbe.allCases {
            #expect(patterns.contains(probe.pattern), "\(probe): its pattern is no longer a built-in rule's")
        }
    }

    /// Texts built from pieces around each pattern's edges: white space of several kinds, digits in ASCII
    /// and elsewhere in Unicode, separators, brackets, letters in both cases and characters that fold to
    /// ASCII letters.
    static let texts: [String] = {
        let heads = ["", " ", "\t\n", "\u{A0}", "\u{0B}", "\u{3000}", "\u{1C}", "x ", "(", "[ ", "- "]
        let bodies = ["IMG_1234", "img 1234.JPG", "DSC01234.jpg", "dsc 4063", "001.png", "12-3.gif", "12.tiﬀ", "cimg123",
                      "İmg1234", "\u{212A}", "pxl 20230101 123456.heic", "2023-05-01", "12:30", "1 234", "mvi_0001.bmp",
                      "02:17Insolite - Un village", "08/11Sports - Le club", "9:05PM Friday", "12:20 The minister",
                      "23:59 war", "02:17insolite", "31/12Ωmega", "1:18Émile", "12:3٠Abc", "١٢:30Abc", "12:30Ab", "12:30A",
                      "3/4 cup", "02/17Abc", "2:59Xyz", "29:99Abc", "0:00Zzz", "10:30 Uhr: Die Sitzung",
                      "Headline (29/12 - 10:50)", "Headline [ 07:50 14/1 ]", "x (01/12 10:40)", "x (09/12 - 11:06) ",
                      "x (2023)", "x (AFP)", "x (12:30\u{A0})", "x (12:3٠)", "x (1/2/2023 12:30)", "x (12:30 1.2.23)",
                      "x (12:30 1-2-12345)", "x (12:30 1/2)", "x (12:30 , 1/2)", "x (12:30 – 1/2)", "x (10:4)",
                      "x (12:30 1/2\u{0B})", "x (12:30\u{1C})", "x [12:30 1/2]\u{2028}", "(12:30 1/2)", "12:30 1/2)",
                      "x ( 12:30 1/2 )", "x (12:30\u{3000}1/2)", "x (12:30 12/12\u{FF09}", "x (12:30 ١/٢)",
                      "728x90", "300 X 250", "Banner 300x250", "Anúncio 728x90", "반응형", "광고 300×250", "300x2500",
                      "1300x250", "300 x\u{A0}250", "300x250\u{A0}", "300 ×\u{3000}60", "ad: 120 x 600", "2020", "x 50",
                      "300 y 250", "300\u{0B}x 250", "300 x\u{0B}250", "120x600 ", "728x9O", "728x9٠", "12345678901234567890123456789012345"]
        let tails = ["", " ", "\n", "\r\n", "\u{A0}", "\u{0B}", "\u{2028}", "\u{85}", " .", "x"]
        var texts: [String] = []
        for head in heads { for body in bodies { for tail in tails { texts.append(head + body + tail) } } }
        return texts
    }()

    @Test func aProbeTurnsAwayOnlyTextsICUDoesNotMatch() throws {
        for probe in PatternProbe.allCases {
            let regex = try ICURegex(probe.pattern)
            var turnedAway = 0, matched = 0
            for text in Self.texts {
                var copy = text
                let may = copy.withUTF8 { probe.mayMatch($0) }
                let icu = copy.withUTF8 { regex.firstMatchByICU(in: $0) }
                if case .match = icu {
                    matched += 1
                    #expect(may, "\(probe) turned away \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                }
                if !may { turnedAway += 1 }
            }
            // The texts exercise both answers.
            #expect(matched > 0 && turnedAway > 0, "\(probe): \(matched) matched, \(turnedAway) turned away")
        }
    }
}
