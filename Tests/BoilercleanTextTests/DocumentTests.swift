import Testing
@testable import BoilercleanText

struct DocumentTests {
    let analyzer = try! Analyzer()

    @Test func linesBlocksAndParagraphs() {
        let doc = analyzer.analyze(Array("Title\n\nFirst para line one.\nline two.\n   \nSecond.".utf8))
        #expect(doc.lines.count == 6)
        #expect(doc.blocks.map(\.line) == [0, 2, 3, 5])
        #expect(doc.blocks.map(\.paragraph) == [0, 1, 1, 2])
        #expect(!doc.profile.crlf)
    }

    @Test func crlfLinesExcludeTheirTerminator() {
        let doc = analyzer.analyze(Array("one\r\ntwo\r\n".utf8))
        #expect(doc.profile.crlf)
        #expect(doc.text(of: doc.blocks[0]) == "one")
        #expect(doc.lines[0].next == 5)
    }

    @Test func noBreakSpaceLinesAreBlank() {
        let doc = analyzer.analyze(Array("a\n\u{00A0}\u{00A0}\n\u{3000}\nb".utf8))
        #expect(doc.blocks.count == 2)
    }

    @Test func tailDepartureFromTheBodyScript() {
        let body = String(repeating: "This is a sentence of the English article body with enough words. ", count: 3)
        let text = "\(body)\n\(body)\n\(body)\n免責聲明：本文僅供參考。\n熱議股票\n1\n2"
        let doc = analyzer.analyze(Array(text.utf8))
        #expect(UnicodeScripts.name(doc.profile.bodyScript) == "Latin")
        #expect(doc.profile.tailDeparture == 3)
        #expect(doc.profile.departures == [3, 4])
    }

    /// A forum page whose English app-install prompt comes first and whose Tamil posts come last: the
    /// Tamil paragraphs are the page's other half, not a departing tail to cut.
    @Test func noTailDepartureForASecondBodyOfParagraphs() {
        let prompt = "A full-screen app on your home screen with push notifications, badges and more."
        let steps = "Tap the Share icon in Safari, scroll the menu and tap Add to Home Screen."
        let tamil = "சமூகவலை உலகம் பகுதியில் முகநூல், இன்ஸ்ராகிராம், டுவிட்டர் போன்ற தளங்களில் இருந்து பதிவுகள் இணைக்கப்படலாம்."
        let doc = analyzer.analyze(Array("\(prompt)\n\(steps)\n\(prompt)\n\(prompt)\n\(tamil)\n\(tamil)".utf8))
        #expect(UnicodeScripts.name(doc.profile.bodyScript) == "Latin")
        #expect(doc.profile.departures == [4, 5])
        #expect(doc.profile.tailDeparture == nil)
        // One such paragraph after a longer body is still a departing tail (a disclaimer).
        let one = analyzer.analyze(Array("\(prompt)\n\(steps)\n\(prompt)\n\(prompt)\n\(tamil)".utf8))
        #expect(one.profile.tailDeparture == 4)
    }

    /// Sentence ends that Unicode's Sentence_Terminal does not mark: the Khmer khan (។) and bariyoosan (៕),
    /// the Greek question mark (U+037E) and its ASCII twin ";" after Greek, and an ASCII colon typed for
    /// the Armenian full stop (։). A colon or semicolon after Latin stays what it was.
    @Test func sentenceEndsOfKhmerGreekAndArmenian() {
        let text = [
            "ព័ត៌មានក្លែងក្លាយកំពុងតែក្លាយជាបញ្ហាប្រឈម។ អ្នកជំនាញមើលឃើញ៕",
            "Τι είναι αυτό; Είναι ένα σπίτι\u{037E}",
            "Սա առաջին նախադասությունն է: Սա երկրորդն է:",
            "Note: this is one sentence; it goes on",
        ].joined(separator: "\n")
        let doc = analyzer.analyze(Array(text.utf8))
        #expect(doc.blocks.map(\.features.sentenceMarks) == [2, 2, 2, 0])
        #expect(doc.blocks.map(\.features.endsWithTerminal) == [true, true, true, false])
    }

    @Test func noTailDepartureWhenTheBodyScriptReturns() {
        let body = String(repeating: "This is a sentence of the English article body with enough words. ", count: 3)
        let doc = analyzer.analyze(Array("\(body)\n中文一句。\n\(body)".utf8))
        #expect(doc.profile.tailDeparture == nil)
        #expect(doc.profile.departures == [1])
    }

    /// Thai ends a sentence with a space, not a mark: a long unpunctuated Thai line counts as prose before
    /// the blocks after it; a short one (a headline) and a long unpunctuated Latin line do not.
    @Test func longThaiLinesCountAsProseWithoutSentenceMarks() {
        let paragraph = "คณะกรรมการนโยบายการเงินมีมติเป็นเอกฉันท์ให้คงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละ 2.25 ต่อปี โดยประเมินว่าเศรษฐกิจไทยยังขยายตัวได้ต่อเนื่องในปีนี้"
        let headline = "ราคาทองวันนี้ปรับขึ้น 200 บาท"
        let latin = "the committee said on tuesday that it would publish the full report next month and that it would then be read by all"
        let doc = analyzer.analyze(Array("\(headline)\n\(paragraph)\n\(latin)\nend".utf8))
        let words = doc.blocks.map(\.features.words)
        #expect(words[0] < 20 && words[1] >= 20 && words[2] >= 20)
        #expect(doc.blocks[1].proseBefore == 0)
        #expect(doc.blocks[2].proseBefore == words[1])
        #expect(doc.blocks[3].proseBefore == words[1])
        #expect(doc.blocks[0].proseAfter == words[1])
    }

    @Test func positionsAndRepeats() {
        let doc = analyzer.analyze(Array("Menu\nAn article sentence here.\nMenu".utf8))
        #expect(doc.blocks[0].occurrences == 2 && doc.blocks[1].occurrences == 1)
        #expect(doc.blocks[0].textBefore == 0)
        #expect(doc.blocks[2].textAfter == 0)
        #expect(doc.blocks[1].textBefore > 0 && doc.blocks[1].textBefore < 1)
    }

    @Test func aLineRepeatedRightAfterItselfCountsOnce() {
        // An image's alt text and then its caption: the same line twice in a row is not a page's
        // repetition; the same line again further down is.
        let doc = analyzer.analyze(Array("Caption (photo: agency)\nCaption (photo: agency)\nAn article sentence here.\nMenu\nText\nMenu\nMenu".utf8))
        #expect(doc.blocks.map(\.occurrences) == [1, 1, 1, 2, 1, 2, 2])
        #expect(doc.blocks[1].firstOccurrence == 0)
        #expect(doc.blocks[6].firstOccurrence == 3)
    }

    @Test func stopwordsPickTheLanguage() {
        var table = StopwordTable()
        table.add(language: "en", words: ["the", "of", "and", "is"])
        table.add(language: "de", words: ["der", "die", "und", "ist"])
        let a = try! Analyzer(stopwords: table)
        let doc = a.analyze(Array("Der Hund und die Katze ist hier.\nThe end.".utf8))
        #expect(doc.profile.language == "de")
        #expect(doc.blocks[0].features.stopwords == 4)
        #expect(table.contains("The", language: "en"))
    }
}
