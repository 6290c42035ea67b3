import Foundation
import Testing
@testable import BoilercleanEngine

/// The eight labelled real texts: every body line must be kept.
struct LabelledExampleTests {
    static let cases = ["1", "3", "4", "13", "20", "24", "28", "33"]

    struct Label: Decodable { let i: Int; let label: String; let doubtful: String? }

    /// Across the eight texts, at least 85% of the (non-doubtful) boilerplate lines are removed.
    @Test func mostBoilerplateIsRemoved() throws {
        let cleaner = try Cleaner(rules: try Cleaner.defaultRules())
        var removed = 0, total = 0
        for id in Self.cases {
            let text = String(decoding: try Shared.bytes("labelled/\(id).txt"), as: UTF8.self)
            let meta = try JSONDecoder().decode(Meta.self, from: Data(try Shared.bytes("labelled/\(id).meta.json")))
            let result = cleaner.clean(text)
            var kept = Set<Int>()
            for (block, verdict) in zip(result.document.blocks, result.verdicts) where verdict.keep { kept.insert(block.line) }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for label in meta.lines where label.label == "boilerplate" && label.doubtful == nil {
                if lines[label.i].allSatisfy({ $0.isWhitespace }) { continue }
                total += 1
                if !kept.contains(label.i) { removed += 1 }
            }
        }
        #expect(total > 100)
        #expect(Double(removed) >= 0.85 * Double(total), "removed \(removed) of \(total) boilerplate lines")
    }
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
