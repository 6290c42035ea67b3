import BoilercleanEngine
import BoilercleanText

/// The human-readable annotated view of `clean --explain`.
enum Explanation {
    static func render(_ result: CleaningResult, source: String, color: Bool) -> String {
        let green = color ? "\u{1B}[32m" : "", red = color ? "\u{1B}[31m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        let p = result.document.profile
        var out = "\(dim)# \(source): mode \(result.mode.rawValue), body script \(UnicodeScripts.name(p.bodyScript))"
        if let l = p.language { out += ", language \(l)" }
        if let t = p.tailDeparture { out += ", script departs from line \(result.document.blocks[t].line + 1)" }
        if result.noResidueSign {
            out += ", read as a page by its shape but no residue found: cleaned as extracted"
        }
        if result.pageChrome {
            out += ", page chrome (\(result.residueInside ? "residue between kept lines" : "mostly short lines")): page mode's removals taken"
        }
        out += "\(reset)\n"
        for (block, verdict) in zip(result.document.blocks, result.verdicts) {
            let mark = verdict.keep ? "\(green)+" : "\(red)-"
            var why = verdict.decision.rawValue
            if !verdict.rules.isEmpty { why += " " + verdict.rules.joined(separator: ",") }
            if let kind = verdict.kind, !verdict.keep { why += " [\(kind.rawValue)]" }
            var text = result.document.text(of: block)
            if text.count > 100 { text = String(text.prefix(97)) + "…" }
            out += "\(mark) \(String(block.line + 1).leftPad(5)) \(text)\(reset)\n"
            out += "\(dim)        \(why)\(reset)\n"
            for e in verdict.evidence { out += "\(dim)          \(e)\(reset)\n" }
        }
        if result.emptied { out += "\(red)! \(result.warnings.joined(separator: "; "))\(reset)\n" }
        return out
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
