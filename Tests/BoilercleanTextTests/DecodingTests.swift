import Testing
@testable import BoilercleanText

struct DecodingTests {
    @Test func utf8PassesThroughAndLosesItsBOM() throws {
        let d = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("héllo".utf8))
        #expect(d.bytes == Array("héllo".utf8))
        #expect(d.source == "bom")
    }

    @Test("legacy encodings are detected and converted", arguments: ["GB18030", "Big5", "Shift_JIS", "EUC-KR", "windows-1252"])
    func detection(charset: String) throws {
        let samples = [
            "GB18030": "中华人民共和国国务院新闻办公室今天举行新闻发布会，介绍经济运行情况。记者从会上了解到，前三季度国内生产总值同比增长。",
            "Big5": "臺灣的經濟在過去一年中持續成長，出口訂單創下歷史新高，各界對未來發展保持樂觀態度。政府表示將繼續推動產業升級。",
            "Shift_JIS": "東京の株式市場では、日経平均株価が三日続けて上昇し、投資家の間で楽観的な見方が広がった。市場関係者はこう話している。",
            "EUC-KR": "코스피는 외국인 매수세에 힘입어 이틀 연속 상승 마감했다. 전문가들은 금리 인하 기대감이 시장을 끌어올렸다고 분석했다.",
            "windows-1252": "Le café était fermé – « c’est la grève », disait-on. Les élèves attendaient devant l’école où régnait un calme étrange.",
        ]
        let text = samples[charset]!
        let bytes = try #require(TextDecoder.encode(text, as: charset))
        #expect(!TextDecoder.isValidUTF8(bytes))
        let d = try TextDecoder.decode(bytes)
        #expect(String(decoding: d.bytes, as: UTF8.self) == text, "read as \(d.encoding)")
        #expect(d.source == "detected")
        let given = try TextDecoder.decode(bytes, encoding: charset)
        #expect(given.bytes == Array(text.utf8))
    }

    @Test func damagedUTF8StaysUTF8WithTheDamageReplacedAndReported() throws {
        // A stray byte from another encoding and a character cut off at the end: the rest is UTF-8 and
        // must be read as such, not guessed into a charset that would garble every valid character.
        let text = "上海证券交易所今日收盘，沪指上涨。"
        let bytes = Array(text.utf8) + [0xFF] + Array("深圳成指".utf8) + [0xE4, 0xB8]
        #expect(!TextDecoder.isValidUTF8(bytes))
        let d = try TextDecoder.decode(bytes)
        #expect(d.encoding == "UTF-8")
        #expect(d.substitutions == 2)
        #expect(String(decoding: d.bytes, as: UTF8.self).hasPrefix(text + "\u{FFFD}深圳成指"))
        #expect(d.note == "2 invalid byte sequences in UTF-8 replaced with U+FFFD")
        let clean = try TextDecoder.decode(Array(text.utf8))
        #expect(clean.note == nil)
    }

    @Test func sequenceCountsSeparateDamagedUTF8FromLegacyText() throws {
        let latin1 = try #require(TextDecoder.encode("Le café était fermé, c’est la grève à l’école.", as: "windows-1252"))
        #expect(TextDecoder.utf8Sequences(latin1).wellFormed == 0)
        #expect(TextDecoder.utf8Sequences(latin1).damaged == 8)
        #expect(TextDecoder.utf8Sequences(Array("añ€😀".utf8) + [0xC3]) == (wellFormed: 3, damaged: 1))
    }

    @Test func binaryInputIsRefused() {
        #expect(throws: DecodingError.binary(offset: 3)) { try TextDecoder.decode([0x61, 0x62, 0x63, 0x00, 0x01]) }
    }

    @Test func unknownEncodingIsAnError() {
        #expect(throws: DecodingError.unknownEncoding("NOPE-42")) { try TextDecoder.decode([0x61], encoding: "NOPE-42") }
    }

    @Test func utf16WithBOM() throws {
        let d = try TextDecoder.decode([0xFF, 0xFE, 0x41, 0x00, 0x42, 0x00])
        #expect(d.bytes == Array("AB".utf8))
    }

    @Test func validatorRejectsOverlongsAndSurrogates() {
        #expect(TextDecoder.isValidUTF8(Array("ok ✓ 😀".utf8)))
        #expect(!TextDecoder.isValidUTF8([0xC0, 0x80]))
        #expect(!TextDecoder.isValidUTF8([0xED, 0xA0, 0x80]))
        #expect(!TextDecoder.isValidUTF8([0xE2, 0x82]))
    }
}
