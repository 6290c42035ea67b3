import BoilercleanEngine
import Foundation
import Testing
@testable import BoilercleanStreams

struct RecordCleanerTests {
    static let rules = try! Cleaner.defaultRules()
    static let article = "Markets rose on Tuesday as investors welcomed the central bank's decision to hold rates steady. Analysts said the move was expected.\n\nShare on Facebook\nShare on Twitter"

    func clean(_ line: String, _ fields: RecordFields) throws -> (RecordOutcome, String) {
        let records = RecordCleaner(cleaner: try Cleaner(rules: Self.rules), fields: fields)
        let outcome = Array(line.utf8).withUnsafeBufferPointer { records.clean(line: $0) }
        switch outcome {
        case .rewritten(let bytes): return (outcome, String(decoding: bytes, as: UTF8.self))
        default: return (outcome, line)
        }
    }

    func encoded(_ s: String) -> String {
        var out: [UInt8] = []
        JSONString.encode(Array(s.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func splicesTheCleanedTextAndKeepsEveryOtherByte() throws {
        let before = #"{"url" : "https://x.test/a?b=1&c=\u0026" ,"n":1.50e2,"text":"#
        let after = #", "tags":["a", "b"] ,"z":{"k":null}}"#
        let (outcome, out) = try clean(before + encoded(Self.article) + after, try RecordFields())
        guard case .rewritten = outcome else { Issue.record("expected a rewrite"); return }
        #expect(out.hasPrefix(before) && out.hasSuffix(after))
        let text = try #require((try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("Markets rose") && !text.contains("Facebook"))
    }

    @Test func writesToAnotherFieldAndAnnotates() throws {
        let line = #"{"doc":{"body":"# + encoded(Self.article) + #"},"id":3}"#
        let (_, out) = try clean(line, try RecordFields(field: "doc.body", outputField: "doc.clean", annotate: "bc"))
        #expect(out.hasPrefix(#"{"doc":{"body":"# + encoded(Self.article) + #","clean":""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let annotation = try #require(object["bc"] as? [String: Any])
        let removed = try #require(annotation["removed"] as? [[String: Any]])
        #expect(removed.count == 1)
        #expect(removed.first?["lines"] as? [Int] == [3, 4])
        #expect(removed.first?["kind"] as? String == "share")
        #expect((removed.first?["rules"] as? [String])?.isEmpty == false)
        #expect(object["id"] as? Int == 3)
    }

    @Test func leavesRecordsWithoutTextAlone() throws {
        for line in [#"{"id":1}"#, #"{"text":42}"#, #"{"text":"Nothing to remove here, just one plain sentence."}"#, "   "] {
            let (outcome, _) = try clean(line, try RecordFields())
            guard case .unchanged = outcome else { Issue.record("\(line) was changed"); continue }
        }
        let (outcome, _) = try clean(#"{"text":"a"#, try RecordFields())
        guard case .malformed = outcome else { Issue.record("expected malformed"); return }
    }
}
