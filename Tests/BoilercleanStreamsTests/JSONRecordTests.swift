import Testing
@testable import BoilercleanStreams

func withLine<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try Array(s.utf8).withUnsafeBufferPointer(body)
}

struct JSONRecordTests {
    @Test(arguments: [
        #"{}"#, #"  {"a":1}  "#, #"{"a":[1,-2.5e+3,true,false,null,{"b":"c"}],"d":"\u00e9\n\"x\""}"#,
        "{\"text\":\"中文 ✓\",\"n\":0}\r",
    ])
    func acceptsValidObjects(_ line: String) throws {
        _ = try withLine(line) { try JSONRecord(validating: $0) }
    }

    @Test(arguments: [
        "", "[1,2]", #""text""#, #"{"a":1"#, #"{"a":1}}"#, #"{"a":01}"#, #"{"a":tru}"#, #"{'a':1}"#,
        #"{"a":"\x"}"#, "{\"a\":\"tab\there\"}", #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":"\u12"}"#, #"{"a":1} x"#,
    ])
    func rejectsMalformedLines(_ line: String) {
        #expect(throws: JSONSyntaxError.self) { try withLine(line) { try JSONRecord(validating: $0) } }
    }

    @Test func locatesDottedPathsAndInsertionPoints() throws {
        let line = #"{"id":7,"doc":{"body":"x","meta":{}},"n":1,"id":8}"#
        try withLine(line) { bytes in
            let record = try JSONRecord(validating: bytes)
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
            guard case .value(let body) = record.locate(["doc", "body"]) else { Issue.record("doc.body"); return }
            #expect(text(body) == #""x""#)
            guard case .value(let id) = record.locate(["id"]) else { Issue.record("id"); return }
            #expect(text(id) == "8")  // the last duplicate counts
            guard case .missing(let at, let empty, let remaining) = record.locate(["doc", "meta", "clean", "v"]) else { Issue.record("missing"); return }
            #expect(empty && remaining == ["clean", "v"] && bytes[at] == UInt8(ascii: "}"))
            #expect(record.locate(["n", "x"]) == .blocked)
        }
    }

    @Test func decodesEscapesAndSurrogates() {
        let quoted = #""a\"b\\c\/\n\t\u00e9\ud83d\ude00\ud800x""#
        let decoded = withLine(quoted) { JSONString.decode($0) }
        #expect(String(decoding: decoded, as: UTF8.self) == "a\"b\\c/\n\té😀\u{FFFD}x")
        var encoded: [UInt8] = []
        JSONString.encode(Array("a\"b\\\n\u{1}é".utf8), into: &encoded)
        #expect(String(decoding: encoded, as: UTF8.self) == #""a\"b\\\n\u0001é""#)
    }

    @Test func recordFieldsRefuseOverlaps() throws {
        #expect(throws: StreamError.self) { try RecordFields(field: "doc.text", annotate: "doc") }
        #expect(throws: StreamError.self) { try RecordFields(field: "text", outputField: "text.clean") }
        #expect(throws: StreamError.self) { try RecordFields(field: "a..b") }
        let fields = try RecordFields(field: "doc.body", outputField: "clean", annotate: "bc")
        #expect(fields.input == ["doc", "body"] && fields.output == ["clean"] && fields.annotation == ["bc"])
    }
}
