import BoilercleanRules
import BoilercleanText

extension CleaningResult {
    /// The JSON report of one document: its profile and every block with its verdict and features.
    public func jsonReport(source: String, encoding: String? = nil) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("source"); w.string(source)
            if let encoding { w.key("encoding"); w.string(encoding) }
            w.key("mode"); w.string(mode.rawValue)
            w.key("emptied"); w.bool(emptied)
            w.key("pageChrome"); w.bool(pageChrome)
            w.key("residueInside"); w.bool(residueInside)
            if !warnings.isEmpty { w.key("warnings"); w.array { w in for m in warnings { w.string(m) } } }
            let p = document.profile
            w.key("profile"); w.object { w in
                w.key("bodyScript"); w.string(UnicodeScripts.name(p.bodyScript))
                w.key("language"); if let l = p.language { w.string(l) } else { w.null() }
                w.key("characters"); w.int(p.characters)
                w.key("words"); w.int(p.words)
                w.key("scripts"); w.object { w in for s in p.scripts { w.key(UnicodeScripts.name(s.script)); w.int(s.count) } }
                w.key("departures"); w.array { w in for d in p.departures { w.int(document.blocks[d].line + 1) } }
                w.key("tailDepartureLine"); if let t = p.tailDeparture { w.int(document.blocks[t].line + 1) } else { w.null() }
                w.key("lineEnding"); w.string(p.crlf ? "crlf" : "lf")
            }
            w.key("blocks"); w.array { w in
                for (block, verdict) in zip(document.blocks, verdicts) {
                    w.object { w in
                        let f = block.features
                        w.key("line"); w.int(block.line + 1)
                        w.key("paragraph"); w.int(block.paragraph)
                        w.key("verdict"); w.string(verdict.keep ? "body" : "boilerplate")
                        w.key("decision"); w.string(verdict.decision.rawValue)
                        if let kind = verdict.kind, !verdict.keep { w.key("kind"); w.string(kind.rawValue) }
                        w.key("rules"); w.array { w in for r in verdict.rules { w.string(r) } }
                        if !verdict.leanings.isEmpty { w.key("leanings"); w.array { w in for r in verdict.leanings { w.string(r) } } }
                        if !verdict.evidence.isEmpty { w.key("evidence"); w.array { w in for e in verdict.evidence { w.string(e) } } }
                        w.key("features"); w.object { w in
                            w.key("script"); w.string(UnicodeScripts.name(f.dominantScript))
                            w.key("scripts"); w.object { w in for s in document.scripts(of: block) { w.key(UnicodeScripts.name(s.script)); w.int(s.count) } }
                            w.key("chars"); w.int(f.characters)
                            w.key("words"); w.int(f.words)
                            w.key("sentenceMarks"); w.int(f.sentenceMarks)
                            w.key("letters"); w.double(f.share(f.letters))
                            w.key("digits"); w.double(f.share(f.digits))
                            w.key("punctuation"); w.double(f.share(f.punctuation))
                            w.key("symbols"); w.double(f.share(f.symbols))
                            w.key("stopwords"); w.double(f.stopwordDensity)
                            w.key("terminal"); w.bool(f.endsWithTerminal)
                            w.key("shape"); w.string(f.shape.rawValue)
                            w.key("occurrences"); w.int(block.occurrences)
                            w.key("textBefore"); w.double(block.textBefore)
                        }
                        w.key("text"); w.string(document.text(of: block))
                    }
                }
            }
        }
        return w.output
    }
}
