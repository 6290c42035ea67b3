import Foundation
import Testing
@testable import BoilercleanEngine
import BoilercleanText

/// Paths of the shared examples beside the project (../shared).
enum Shared {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.deletingLastPathComponent().appendingPathComponent("shared/examples")
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: examples.appendingPathComponent(name))) }
}

struct SeedTests {
    static let rules = try! Cleaner.defaultRules()

    @Test func seedCleansToItsBody() throws {
        let cleaner = try Cleaner(rules: Self.rules)
        let result = cleaner.clean(utf8: try Shared.bytes("seed.txt"))
        #expect(result.output() == (try Shared.bytes("seed.body.txt")))
        #expect(!result.emptied)
    }

    @Test func seedWithCRLFKeepsItsLineEnds() throws {
        let crlf = String(decoding: try Shared.bytes("seed.txt"), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        let expected = String(decoding: try Shared.bytes("seed.body.txt"), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        let result = try Cleaner(rules: Self.rules).clean(crlf)
        #expect(String(decoding: result.output(), as: UTF8.self) == expected)
    }

    @Test func seedVerdictsNameTheirRules() throws {
        let result = try Cleaner(rules: Self.rules, options: CleaningOptions(collectEvidence: true)).clean(utf8: try Shared.bytes("seed.txt"))
        let disclaimer = try #require(result.document.blocks.firstIndex { result.document.text(of: $0).hasPrefix("免責聲明") })
        #expect(!result.verdicts[disclaimer].keep)
        #expect(result.verdicts[disclaimer].kind == .disclaimer)
        #expect(!result.verdicts[disclaimer].rules.isEmpty)
        #expect(!result.verdicts[disclaimer].evidence.isEmpty)
        #expect(result.verdicts[0].keep)
    }

    @Test func cleaningTwiceChangesNothing() throws {
        let cleaner = try Cleaner(rules: Self.rules)
        let once = cleaner.clean(utf8: try Shared.bytes("seed.txt")).output()
        #expect(cleaner.clean(utf8: once).output() == once)
    }

    @Test func jsonReportIsValidJSON() throws {
        let result = try Cleaner(rules: Self.rules, options: CleaningOptions(collectEvidence: true)).clean(utf8: try Shared.bytes("seed.txt"))
        let json = result.jsonReport(source: "seed.txt")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.count == result.document.blocks.count)
        #expect((object["profile"] as? [String: Any])?["bodyScript"] as? String == "Latin")
    }
}
