import Foundation
import Testing
@testable import BoilercleanEngine

/// The eight labelled real texts: every body line must be kept.
struct LabelledExampleTests {
    static let cases = ["1", "3", "4", "13", "20", "24", "28", "33"]

    struct Label: Decodable { let i: Int; let label: String; let doubtful: String? }
    struct Meta: Decodable { let lines: [Label] }

    @Test("every body line is kept", arguments: LabelledExampleTests.cases)
    func bodyLinesKept(id: String) throws {
        let text = String(decoding: try Shared.bytes("labelled/\(id).txt"), as: UTF8.self)
        let meta = try JSONDecoder().decode(Meta.self, from: Data(try Shared.bytes("labelled/\(id).meta.json")))
        let result = try Cleaner(rules: try Cleaner.defaultRules()).clean(text)
        var kept = Set<Int>()
        for (block, verdict) in zip(result.document.blocks, result.verdicts) where verdict.keep { kept.insert(block.line) }
        for label in meta.lines where label.label == "body" && label.doubtful == nil {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false)[label.i]
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            #expect(kept.contains(label.i), "case \(id) line \(label.i): \(line.prefix(60))")
        }
    }
}
