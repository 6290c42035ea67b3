import BoilercleanText

/// The Markdown structure of a document that line rules do not see whole: YAML front matter at its
/// start, closed code fences, and setext headings (a heading line underlined with `===` or `---`). A page's visible text (HTML turned into text) has neither — none of the
/// 1,932 page texts of ../shared/eval holds a fence — while a post exported or clipped to Markdown (a
/// blog's source, a web clipper's note, a platform's Markdown export) is an article with its metadata:
/// `auto` cleans it as extracted text, and in every mode the structure is kept whole (a command's short
/// lines and braces are not a menu, and half of a front matter is no longer YAML).
struct MarkdownStructure {
    /// Block indices of the front matter, its two `---` lines included.
    var frontMatter: ClosedRange<Int>?
    /// Block indices of each closed code fence, the opening and the closing line included.
    var fences: [ClosedRange<Int>] = []
    /// Block indices of the underlines of setext headings (the heading is the block before each).
    var underlines: [Int] = []
    /// Per block: part of the front matter, of a closed fence or an underline (empty when there is none).
    var members: [Bool] = []

    var isEmpty: Bool { frontMatter == nil && fences.isEmpty && underlines.isEmpty }

    /// The text is a Markdown post or export: it has front matter, a closed fence, or at least
    /// `setextHeadings` setext headings. One underlined line is not enough: a page's text sometimes
    /// holds a line of dashes under a label (4 of the 1,932 page texts of ../shared/eval, once each).
    var marksMarkdown: Bool { frontMatter != nil || !fences.isEmpty || underlines.count >= Self.setextHeadings }

    static let setextHeadings = 2

    func contains(_ b: Int) -> Bool { !members.isEmpty && members[b] }

    /// Front matter must close within this many blocks.
    static let frontMatterBlocks = 100

    init(_ document: Document) {
        let blocks = document.blocks
        guard !blocks.isEmpty else { return }
        document.bytes.withUnsafeBufferPointer { bytes in
            func text(_ b: Int) -> UnsafeBufferPointer<UInt8> {
                var r = blocks[b].range
                if r.lowerBound == 0, r.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { r = 3..<r.upperBound }
                // Trailing white space (and a CR left by a CRLF line end) does not count.
                var end = r.upperBound
                while end > r.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
                return UnsafeBufferPointer(rebasing: bytes[r.lowerBound..<end])
            }
            var first = 0
            if blocks[0].line == 0, Self.isDashes(text(0)) {
                // YAML front matter: `---` on the first line, `---` or `...` closing it, and a `key:` line inside.
                var hasKey = false
                for b in 1..<min(blocks.count, Self.frontMatterBlocks + 1) {
                    let t = text(b)
                    if Self.isDashes(t) || (t.count == 3 && t[0] == 0x2E && t[1] == 0x2E && t[2] == 0x2E) {
                        if hasKey { frontMatter = 0...b; first = b + 1 }
                        break
                    }
                    if Self.isKeyLine(t) { hasKey = true }
                }
            }
            // Code fences (CommonMark): three or more backticks or tildes, indented by at most three
            // spaces, closed by a line of at least as many of the same character and nothing else.
            var open: (block: Int, mark: UInt8, count: Int)? = nil
            for b in first..<blocks.count {
                let t = text(b)
                guard let (mark, count, rest) = Self.fenceMark(t) else { continue }
                if let o = open {
                    if mark == o.mark && count >= o.count && rest == t.count {
                        fences.append(o.block...b)
                        open = nil
                    }
                } else if mark == 0x7E || !UnsafeBufferPointer(rebasing: t[rest...]).contains(0x60) {
                    open = (b, mark, count)
                }
            }
            // Setext headings: a line of `=` or `-` right under a line of text that ends no sentence, about
            // as long as it (converters underline a heading with as many characters as it has, or as its
            // display width: between half and twice its characters). Outside the front matter and fences.
            var f = 0
            for b in max(first, 1)..<blocks.count {
                while f < fences.count && fences[f].upperBound < b - 1 { f += 1 }
                if f < fences.count && fences[f].contains(b - 1) { continue }
                guard blocks[b - 1].line == blocks[b].line - 1, !blocks[b - 1].features.endsWithTerminal,
                      let count = Self.underline(text(b)) else { continue }
                let heading = text(b - 1)
                guard Self.underline(heading) == nil, Self.fenceMark(heading) == nil else { continue }
                let characters = heading.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                if 2 * count >= characters && count <= 2 * characters { underlines.append(b) }
            }
        }
        guard !isEmpty else { return }
        members = [Bool](repeating: false, count: blocks.count)
        if let f = frontMatter { for b in f { members[b] = true } }
        for f in fences { for b in f { members[b] = true } }
        for u in underlines { members[u] = true }
    }

    /// The length of a setext underline: three or more `=` or `-` (the same throughout), indented by at
    /// most three spaces; nil when the line is none.
    private static func underline(_ t: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < t.count && i < 3 && t[i] == 0x20 { i += 1 }
        guard i < t.count, t[i] == 0x3D || t[i] == 0x2D else { return nil }
        let mark = t[i]
        let count = t.count - i
        while i < t.count { if t[i] != mark { return nil }; i += 1 }
        return count >= 3 ? count : nil
    }

    private static func isDashes(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        t.count == 3 && t[0] == 0x2D && t[1] == 0x2D && t[2] == 0x2D
    }

    /// `key:` or `key: value` with a key of letters, digits, `_` and `-` (ASCII).
    private static func isKeyLine(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < t.count {
            let c = t[i]
            let keyByte = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
            if !keyByte { break }
            i += 1
        }
        return i > 0 && i < t.count && t[i] == 0x3A && (i + 1 == t.count || t[i + 1] == 0x20)
    }

    /// The fence character, how many open the line, and where the text after them and the spaces
    /// following starts (the line's length when nothing follows: a closing fence); nil when the line is
    /// no fence.
    private static func fenceMark(_ t: UnsafeBufferPointer<UInt8>) -> (UInt8, Int, Int)? {
        var i = 0
        while i < t.count && i < 3 && t[i] == 0x20 { i += 1 }
        guard i < t.count, t[i] == 0x60 || t[i] == 0x7E else { return nil }
        let mark = t[i]
        var count = 0
        while i < t.count && t[i] == mark { count += 1; i += 1 }
        guard count >= 3 else { return nil }
        var rest = i
        while rest < t.count && (t[rest] == 0x20 || t[rest] == 0x09) { rest += 1 }
        return (mark, count, rest)
    }

    /// The front matter stays whole, and a closed fence whose nearest block before or after it (outside
    /// the structure) is kept stays whole too: code inside the article. A fence between removed blocks
    /// (in a sidebar, among comments) goes with them. An underline goes with its heading.
    func keep(_ verdicts: inout [BlockVerdict]) {
        guard !isEmpty else { return }
        func keepAll(_ range: ClosedRange<Int>) {
            for b in range where !verdicts[b].keep {
                verdicts[b] = BlockVerdict(keep: true, decision: .markdown)
            }
        }
        if let f = frontMatter { keepAll(f) }
        for f in fences {
            var before = f.lowerBound - 1
            while before >= 0 && members[before] { before -= 1 }
            var after = f.upperBound + 1
            while after < members.count && members[after] { after += 1 }
            let keptBefore = before >= 0 && verdicts[before].keep
            let keptAfter = after < members.count && verdicts[after].keep
            if keptBefore || keptAfter { keepAll(f) }
        }
        for u in underlines where verdicts[u].keep != verdicts[u - 1].keep {
            verdicts[u] = BlockVerdict(keep: verdicts[u - 1].keep, decision: .markdown, rules: verdicts[u - 1].rules,
                                       kind: verdicts[u - 1].kind)
        }
    }
}
