import Testing
@testable import BoilercleanEngine
import BoilercleanRules
import BoilercleanText

/// Body lines an audit on unseen pages found lost, and residue a fallback brought back.
struct AuditFixTests {
    static let defaults = try! Cleaner.defaultRules()

    func rules(_ yaml: String) throws -> RuleSet {
        try RuleSet.compile([RuleSource(path: "t.yaml", contents: "version: 1\nrules:\n" + yaml)]).get()
    }

    func kept(_ result: CleaningResult) -> [String] {
        result.document.blocks.indices.filter { result.verdicts[$0].keep }.map { result.document.text(of: result.document.blocks[$0]) }
    }

    /// A short Chinese article followed by a longer English disclaimer: the body's script is weighed by
    /// length (a Han character counts three), so the body is Chinese and the English tail is cut. Counted
    /// by characters, the page read as Latin and kept the disclaimer.
    @Test func shortCJKArticleBeforeALongerEnglishDisclaimer() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .extracted))
        let article = [
            "东京股市周二连续第三天上涨，日经指数收于近三个月高点，投资者对企业业绩改善的预期升温。",
            "分析人士表示，日元走弱和出口回暖是推动股价上涨的主要因素，汽车和电子板块领涨。",
            "不过也有市场人士提醒，海外利率走势仍存在不确定性，短期内股市可能出现波动。",
        ]
        let disclaimer = "The information contained in this publication is provided for general informational purposes only and is based on sources believed to be reliable at the time of writing. The publisher and its affiliates make no representation or warranty, express or implied, as to the accuracy, completeness or timeliness of the content, and accept no liability for any loss arising from any use of it."
        #expect(disclaimer.unicodeScalars.count > article.joined().unicodeScalars.count)
        let result = cleaner.clean((article + [disclaimer]).joined(separator: "\n") + "\n")
        #expect(result.document.profile.bodyScript == UnicodeScripts.han)
        #expect(kept(result) == article)
    }

    /// A hard-wrapped line's last word ("ok.", "się.") is body text, not a list marker.
    @Test func shortFinalWordsOfWrappedLinesStay() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .extracted))
        let text = """
            Wczoraj rada miasta długo dyskutowała o budżecie na przyszły rok i o planach budowy nowej szkoły, a na koniec
            się.
            The committee met on Tuesday to discuss the budget for the coming year and said everything was
            ok.
            """
        let out = kept(cleaner.clean(text))
        #expect(out.contains("się."))
        #expect(out.contains("ok."))
    }

    /// A Thai article followed by share labels and a related-articles list. Thai prose has no sentence
    /// marks, so page mode finds no main region and falls back to the long lines; the headlines under the
    /// related header stay removed (a fallback restores no block a residue rule removed or cut).
    @Test func thaiRelatedHeadlinesStayRemovedInPageMode() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .page))
        let text = """
            ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบาย

            คณะกรรมการนโยบายการเงินมีมติเป็นเอกฉันท์ให้คงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละ 2.25 ต่อปี โดยประเมินว่าเศรษฐกิจไทยยังขยายตัวได้ต่อเนื่อง

            ทั้งนี้ คณะกรรมการจะติดตามพัฒนาการของเงินเฟ้อและเสถียรภาพระบบการเงินอย่างใกล้ชิด

            แชร์บทความนี้
            Facebook
            บทความที่เกี่ยวข้อง
            ราคาทองคำในประเทศวันนี้ปรับตัวขึ้นอีก 200 บาทตามตลาดโลก
            ตลาดหุ้นไทยปิดบวกเล็กน้อยหลังนักลงทุนต่างชาติกลับมาซื้อสุทธิ
            """
        let out = kept(cleaner.clean(text))
        #expect(out.contains { $0.hasPrefix("คณะกรรมการนโยบายการเงิน") })
        #expect(!out.contains { $0.hasPrefix("ราคาทองคำ") })
        #expect(!out.contains { $0.hasPrefix("ตลาดหุ้นไทย") })
        #expect(!out.contains("บทความที่เกี่ยวข้อง"))
    }

    /// Han alone is one of the writing systems of a Japanese or Korean body, not a departing tail. (The
    /// lines end in a full stop: a short unpunctuated last line is trimmed as a trailing fragment in any
    /// script.)
    @Test func hanOnlyLineUnderJapaneseOrKoreanBodyStays() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .extracted))
        let japanese = """
            東京都は27日、新型ウイルスの感染者が新たに確認されたと発表した。都内の感染者は累計で100人を超えた。
            都の担当者は「引き続き警戒が必要だ」と話している。専門家は今後の感染拡大に注意を呼びかけている。
            知事は記者会見で、外出自粛を改めて要請した。
            全員無事救出。
            """
        #expect(kept(cleaner.clean(japanese)).contains("全員無事救出。"))
        let korean = """
            서울시는 27일 새로운 감염자가 추가로 확인됐다고 발표했다. 누적 감염자는 100명을 넘었다.
            시 관계자는 앞으로도 경계가 필요하다고 말했다. 전문가들은 감염 확산에 주의를 당부했다.
            시장은 기자회견에서 외출 자제를 다시 요청했다.
            全員救出。
            """
        #expect(kept(cleaner.clean(korean)).contains("全員救出。"))
        // Chinese under an English body still departs from it.
        let english = """
            Markets rallied on Tuesday after the central bank held its rate steady, as traders had expected.
            Analysts said the decision removed a source of uncertainty for the rest of the quarter.
            The index closed at a record high, led by technology and energy shares.
            免責聲明：本文僅供參考，不構成任何投資建議。
            """
        #expect(!kept(cleaner.clean(english)).contains { $0.hasPrefix("免責聲明") })
    }

    /// The numbers of an emptied most-read list written in Persian digits go like ASCII ones.
    @Test func persianNumberedListNumbersGo() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .extracted))
        let text = """
            بانک مرکزی روز سه‌شنبه اعلام کرد که نرخ بهره را بدون تغییر نگه می‌دارد و این تصمیم را برای مهار تورم لازم می‌داند.

            کارشناسان می‌گویند این تصمیم انتظار می‌رفت و بازار سهام پس از اعلام آن کمی رشد کرد.

            ۱

            ۲

            ۳
            """
        let out = kept(cleaner.clean(text))
        #expect(!out.contains("۱") && !out.contains("۲") && !out.contains("۳"))
        #expect(out.count == 2)
    }

    /// A bulleted menu item just above the headline is not taken for a title line of the article.
    @Test func bulletedMenuItemAboveHeadlineIsNoTitle() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .page))
        let text = """
            Menu
            • Start
            • Markets
            • Companies
            • Opinion pages
            • Regional business news

            Harbour operator expands its container terminal

            The harbour operator will spend two hundred million on a larger container terminal, the company said on Monday, after a year in which traffic through the port grew faster than planned.

            Work on the new quay is to begin in the spring and should take three years, with the first ships expected to dock there before the end of the decade.

            The city council welcomed the plan but asked for more details on noise and traffic on the roads around the port.
            """
        let out = kept(cleaner.clean(text))
        #expect(out.contains("Harbour operator expands its container terminal"))
        #expect(!out.contains("• Regional business news"))
        #expect(Evaluator.opensWithBullet("- Markets") && !Evaluator.opensWithBullet("-5% on the day"))
    }

    let pageRules = """
          - id: t.repeated
            kind: navigation
            description: test
            action: bad
            when:
              repeated: true
          - id: t.good
            kind: body
            description: test
            action: good
            when:
              words: {min: 6}
          - id: t.short
            kind: other
            description: test
            action: short
            when:
              words: {max: 5}
        """

    /// A headline that is also the page's title: the copy next to the article is kept, the one in the
    /// page's head is not; a line repeated below the article is no title.
    @Test func pageModeKeepsAHeadlineRepeatedAsThePageTitle() throws {
        let cleaner = try Cleaner(rules: try rules(pageRules), options: CleaningOptions(mode: .page))
        let page = [
            "Council Approves New Budget",
            "Menu",
            "Council Approves New Budget",
            "one two three four five six seven eight.",
            "nine ten eleven twelve thirteen fourteen fifteen.",
            "Footer",
        ]
        #expect(cleaner.clean(page.joined(separator: "\n")).verdicts.map(\.keep) == [false, false, true, true, true, false])
        let below = [
            "Menu",
            "Council Approves New Budget",
            "one two three four five six seven eight.",
            "nine ten eleven twelve thirteen fourteen fifteen.",
            "Council Approves New Budget",
        ]
        #expect(cleaner.clean(below.joined(separator: "\n")).verdicts.map(\.keep) == [false, false, true, true, false])
    }

    /// When page mode finds no main region, the prose-like fallback leaves alone what a residue rule
    /// (phrases or pattern) matched.
    @Test func pageFallbackDoesNotRestoreResidue() throws {
        let set = try rules("""
              - id: t.copyright
                kind: copyright
                description: test
                action: drop
                when:
                  phrases: [copyright]
                  match: contains
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  words: {min: 1}
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page)).clean("""
            Copyright 2025 Example Media Group, all rights reserved worldwide
            A long line that reads like prose and runs past forty characters
            """)
        #expect(result.verdicts.map(\.keep) == [false, true])
        #expect(result.verdicts[1].decision == .fallback)
    }

    /// The fallback brings back the headline just above the first line it restores, as the title search
    /// does above a main region (a headline repeated as the page title included).
    @Test func pageFallbackKeepsTheHeadlineAboveWhatItRestores() throws {
        let set = try rules("""
              - id: t.repeated
                kind: navigation
                description: test
                action: bad
                when:
                  repeated: true
              - id: t.bad
                kind: other
                description: test
                action: bad
                when:
                  words: {min: 1}
            """)
        let result = try Cleaner(rules: set, options: CleaningOptions(mode: .page)).clean("""
            Council Approves New Budget
            Menu
            Council Approves New Budget
            A long line that reads like prose and runs past forty characters
            """)
        #expect(result.verdicts.map(\.keep) == [false, false, true, true])
    }
}

/// Ranked widgets whose numbers stand on lines of their own (a Persian most-read list in the audit).
struct NumberedItemTests {
    func items(_ text: String) throws -> [String] {
        let document = try Analyzer().analyze(Array(text.utf8))
        return Evaluator.numberedItems(document).sorted().map { document.text(of: document.blocks[$0]) }
    }

    @Test func itemsBetweenNumbersCountingUpAreFound() throws {
        #expect(try items("Intro line of the article.\n1\nFirst headline\n2\nSecond headline\n3\nThird headline\nClosing line.")
                == ["First headline", "Second headline", "Third headline"])
        // Any script's digits, a run that starts above 1, a dot after the number.
        #expect(try items("۴\nیک\n۵\nدو\n۶\nسه") == ["یک", "دو", "سه"])
        #expect(try items("7.\nA\n8.\nB\n9.\nC") == ["A", "B", "C"])
    }

    @Test func runsTooShortOrOutOfSequenceAreNot() throws {
        #expect(try items("1\nFirst headline\n2\nSecond headline").isEmpty)
        #expect(try items("1\nFirst headline\n3\nSecond headline\n7\nThird headline").isEmpty)
        // Numbers on their items' lines are an article's list.
        #expect(try items("1. First step\n2. Second step\n3. Third step").isEmpty)
    }

    @Test func theDefaultRuleDropsWidgetHeadlinesButNotNumberedSteps() throws {
        let cleaner = try Cleaner(rules: AuditFixTests.defaults, options: CleaningOptions(mode: .extracted))
        let widget = """
            The council approved the budget after a long debate on Tuesday evening, with a narrow majority.
            Members said the vote was close and that more talks were needed before the summer break.
            1
            Striker joins the club on a three-year deal
            2
            Pensions to be paid before the holiday
            3
            Bridge closed for repairs until March
            """
        let out = cleaner.clean(widget).output()
        #expect(!String(decoding: out, as: UTF8.self).contains("Pensions"))
        #expect(String(decoding: out, as: UTF8.self).contains("narrow majority"))
        let steps = """
            Making the dough takes only a few minutes and three steps, all of them easy.
            1
            Mix the flour and the salt in a large bowl.
            2
            Add the eggs one by one and stir well.
            3
            Knead the dough for five minutes until it is smooth.
            """
        #expect(String(decoding: cleaner.clean(steps).output(), as: UTF8.self).contains("Add the eggs one by one and stir well."))
    }

}

extension AuditFixTests {
    /// A recipe's section labels occur twice (two parts, each with "Ingredients" and "Method") with prose
    /// before, between and after their copies: labels inside the article, whose ingredient lines are kept
    /// with them. A menu repeated in the page's header and footer is still removed. (With prose of under
    /// 121 characters, which page mode only calls near-good, the labels stay menu lines.)
    @Test func sectionLabelsRepeatedInsideTheArticleStay() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .page))
        let menu = "Recipes"
        let part = { (name: String, items: [String], method: String) in [name, "Ingredients"] + items + ["Method", method] }
        let article = ["Today's cake is for the afternoons when friends drop by and there is nothing sweet in the house: it needs no mixer, only one bowl, and it is ready in less than an hour."]
            + part("Sponge", ["200 g flour", "100 g cocoa powder", "two eggs", "one cup of sugar", "half a cup of oil"],
                   "Sift the dry ingredients into a bowl and mix them, then add the eggs, the sugar and the oil and beat until the batter is smooth. Bake it for forty minutes in a hot oven.")
            + part("Chocolate sauce", ["two cups of milk", "half a cup of cocoa", "a spoon of butter"],
                   "Bring everything to the boil in a small pan, stirring all the time until the sauce thickens, and then pour it over the cake while the cake is still warm from the oven.")
        let page = [menu, "Home", "Contact"] + article + [menu, "Home", "Contact"]
        let result = cleaner.clean(page.joined(separator: "\n") + "\n")
        #expect(kept(result) == article)
    }

    /// Quotations in another script inside an article (Arabic verses in an Indonesian text) have none of
    /// the page language's stop words; their neighbours decide, and between the article's paragraphs they
    /// stay.
    @Test func quotationsInAnotherScriptInsideTheArticleStay() throws {
        let cleaner = try Cleaner(rules: Self.defaults, options: CleaningOptions(mode: .page))
        let article = [
            "Sebagian orang memahami ayat ini sebagai perintah untuk berkenalan dengan semua orang yang kita temui di mana saja, padahal maknanya tidak demikian.",
            "يَا أَيُّهَا النَّاسُ إِنَّا خَلَقْنَاكُمْ مِنْ ذَكَرٍ وَأُنْثَى وَجَعَلْنَاكُمْ شُعُوبًا وَقَبَائِلَ لِتَعَارَفُوا",
            "Para ulama tafsir menjelaskan bahwa manusia dijadikan bersuku-suku dan berbangsa-bangsa agar mereka saling mengetahui nasab satu sama lain.",
            "ليعرف بعضكم بعضا لا لتفاخروا بعلو النسب وإنما الفخر بالتقوى",
            "Maka ayat ini bukan dalil yang menentang syariat, dan juga bukan perintah untuk bergaul tanpa batas dengan siapa saja yang kita jumpai.",
        ]
        let page = ["Beranda", "Artikel", "Kontak"] + article + ["Beranda", "Artikel", "Kontak"]
        let result = cleaner.clean(page.joined(separator: "\n") + "\n")
        #expect(kept(result) == article)
    }
}
