import CICU

/// Turns decoded text into a `Document`: lines, blocks, features, profile. One analyzer per thread:
/// it owns ICU iterators and scratch buffers.
public final class Analyzer {
    public let stopwords: StopwordTable
    private let table = CharacterTable.shared
    /// Script codes `mergeWritingSystems` reads for every block, taken once: each read of a static of
    /// `UnicodeScripts` went through its lazy initialiser's check.
    private let han = UnicodeScripts.han, hiragana = UnicodeScripts.hiragana, katakana = UnicodeScripts.katakana
    private let hangul = UnicodeScripts.hangul, japanese = UnicodeScripts.japanese
    private let wordSegmenter: Segmenter
    private var sentenceSegmenter: Segmenter?
    // Scratch space of the per-block scan, as raw buffers: the scan is the hot loop, and class-owned
    // arrays there cost an exclusivity check and a retain on every access.
    private let scriptCounts: UnsafeMutablePointer<Int32>
    /// Scripts seen in the current block; the count is kept at index 256.
    private let touched: UnsafeMutablePointer<Int32>
    /// The language masks of the stop-word hits of the document being analyzed, block after block (see
    /// `analyze`): `hitCount` of `hitCapacity` used.
    private var hitMasks: UnsafeMutablePointer<UInt64>
    private var hitCapacity = 0
    private var hitCount = 0
    private var segmentStarts: [Int32] = []
    private var segmentEnds: [Int32] = []

    public init(stopwords: StopwordTable = StopwordTable()) throws {
        self.stopwords = stopwords
        wordSegmenter = try Segmenter(.word)
        (scriptCounts, touched) = Self.scratch()
        hitMasks = .allocate(capacity: 1)
    }

    private static func scratch() -> (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        let scripts = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
        scripts.initialize(repeating: 0, count: 256)
        let touched = UnsafeMutablePointer<Int32>.allocate(capacity: 257)
        touched.initialize(repeating: 0, count: 257)
        return (scripts, touched)
    }

    deinit {
        scriptCounts.deallocate()
        touched.deallocate()
        hitMasks.deallocate()
    }

    /// Room for `more` masks after the `hitCount` used.
    private func reserveHits(_ more: Int) {
        guard hitCapacity - hitCount < more else { return }
        let capacity = max(2 * hitCapacity, hitCount + more, 1024)
        let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        grown.moveInitialize(from: hitMasks, count: hitCount)
        hitMasks.deallocate()
        hitMasks = grown
        hitCapacity = capacity
    }

    private init(cloning other: Analyzer) throws {
        stopwords = other.stopwords
        wordSegmenter = try other.wordSegmenter.clone()
        sentenceSegmenter = try other.sentenceSegmenter?.clone()
        (scriptCounts, touched) = Self.scratch()
        hitMasks = .allocate(capacity: 1)
    }

    /// An analyzer for another thread, sharing the stop-word table and cloning the ICU iterators.
    public func clone() throws -> Analyzer { try Analyzer(cloning: self) }

    /// Sentences in a block, by ICU's sentence break iterator (computed on demand: it is costly).
    public func sentences(in document: Document, block: Block) -> Int {
        if sentenceSegmenter == nil { sentenceSegmenter = try? Segmenter(.sentence) }
        guard let segmenter = sentenceSegmenter else { return block.features.sentenceMarks }
        return document.withBytes(of: block) { segmenter.count($0) }
    }

    /// With `folder`, the scanner also builds each block's phrase core text in its pass (`Document.cores`);
    /// the folder must belong to this analyzer's thread.
    public func analyze(_ bytes: [UInt8], folder: CaseFolder? = nil) -> Document {
        // Room for every line up front: growing these arrays copied them over and over (for a 20 MB
        // document, ~100 MB of copies and page faults). Capacity never filled costs address space only.
        let lineCount = Self.countLines(bytes)
        var lines: [Line] = []
        var blocks: [Block] = []
        lines.reserveCapacity(lineCount)
        blocks.reserveCapacity(lineCount)
        var crlf = false
        // Stop-word hits as the language mask of each hit word (`hitMasks`), block after block; block i's
        // are hitEnds[i - 1] ..< hitEnds[i]. Counted by language only once, in `finish` (counting each
        // hit's languages per block, and keeping a block's count for each, cost more).
        hitCount = 0
        var hitEnds: [Int] = []
        hitEnds.reserveCapacity(lineCount)
        var scriptCounts: [ScriptCount] = []
        scriptCounts.reserveCapacity(lineCount)
        let languageCount = stopwords.languages.count
        let keys = stopwords.languages.isEmpty ? [] : stopwords.keys
        let masks = stopwords.languages.isEmpty ? [] : stopwords.masks
        let filter = stopwords.filter
        // Room for the core texts: they are no longer than the text but for folds longer than their
        // scalar, and a block that finds too little room left has none built (the folder makes it).
        let folderHandle = folder?.rawHandle
        let coreCapacity = folderHandle == nil || bytes.count >= Int(Int32.max) - 4096 ? 0 : bytes.count + 64
        let cores = [UInt8](unsafeUninitializedCapacity: coreCapacity) { coreBuffer, coreCount in
        var coreUsed = 0
        defer { coreCount = coreUsed }
        keys.withUnsafeBufferPointer { stopKeys in masks.withUnsafeBufferPointer { stopMasks in filter.withUnsafeBufferPointer { stopFilter in
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            var paragraph = 0
            var previousBlank = false
            while start < buffer.count {
                var end: Int
                var next: Int
                if let p = memchr(base + start, 0x0A, buffer.count - start) {
                    end = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    next = end + 1
                    if end > start && buffer[end - 1] == 0x0D { end -= 1; crlf = true }
                } else {
                    end = buffer.count
                    next = end
                }
                let lineIndex = lines.count
                lines.append(Line(start: start, end: end, next: next))
                let room = coreCapacity - coreUsed
                let coreOut = folderHandle != nil && room >= end - start + 2 ? coreBuffer.baseAddress! + coreUsed : nil
                var coreLength: Int64 = -1
                let hitStart = hitCount
                reserveHits(end - start + 1)
                if var features = scan(UnsafeBufferPointer(rebasing: buffer[start..<end]), stopKeys, stopMasks, stopFilter, &scriptCounts,
                                       folderHandle, coreOut, Int64(room), &coreLength) {
                    if previousBlank && !blocks.isEmpty { paragraph += 1 }
                    previousBlank = false
                    features.hash = trimmedHash(buffer, start, end)
                    var block = Block(index: blocks.count, line: lineIndex, paragraph: paragraph, range: start..<end, features: features)
                    if coreOut != nil && coreLength >= 0 {
                        block.coreStart = Int32(coreUsed)
                        block.coreLength = Int32(coreLength)
                        coreUsed += Int(coreLength)
                    }
                    blocks.append(block)
                    hitEnds.append(hitCount)
                } else {
                    hitCount = hitStart
                    previousBlank = true
                }
                start = next
            }
        }
        } } }
        }
        var profile = DocumentProfile()
        profile.crlf = crlf
        finish(&blocks, &profile, scriptCounts, UnsafeBufferPointer(start: hitMasks, count: hitCount), hitEnds, languageCount)
        // A large document's masks are not kept for the next document.
        if hitCapacity > 1 << 16 {
            hitMasks.deallocate()
            hitMasks = .allocate(capacity: 1)
            hitCapacity = 0
        }
        hitCount = 0
        return Document(bytes: bytes, lines: lines, blocks: blocks, profile: profile, scriptCounts: scriptCounts, cores: cores)
    }

    /// Lines of the text: line feeds, plus one for a last line without one.
    private static func countLines(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = 1
            var start = 0
            while start < buffer.count, let p = memchr(base + start, 0x0A, buffer.count - start) {
                count += 1
                start = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count
        }
    }

    // MARK: Per block

    /// Measures one line; nil when it holds only white space. The character loop runs in C
    /// (`cicu_scan_block`) over the same tables as `CharacterTable`.
    private func scan(_ text: UnsafeBufferPointer<UInt8>, _ stopKeys: UnsafeBufferPointer<UInt64>, _ stopMasks: UnsafeBufferPointer<UInt64>,
                      _ stopFilter: UnsafeBufferPointer<UInt64>,
                      _ scriptCountsOut: inout [ScriptCount],
                      _ folder: OpaquePointer?, _ core: UnsafeMutablePointer<UInt8>?, _ coreRoom: Int64, _ coreLength: inout Int64) -> BlockFeatures? {
        let scriptCounts = self.scriptCounts, touched = self.touched
        for k in 0..<Int(touched[256]) { scriptCounts[Int(touched[k])] = 0 }
        touched[256] = 0
        var measured = cicu_block_counts()
        var hits: Int64 = 0
        let blockHits = hitCount
        cicu_scan_block_core(text.baseAddress, Int64(text.count), &measured, scriptCounts, touched,
                             stopKeys.baseAddress, stopMasks.baseAddress, Int64(stopKeys.count), stopFilter.baseAddress,
                             nil, 0, folder, core, coreRoom, &coreLength, hitMasks + hitCount, &hits)
        hitCount += Int(hits)
        guard measured.characters > 0 else { return nil }
        var f = BlockFeatures()
        f.characters = Int(measured.characters)
        f.letters = Int(measured.letters)
        f.digits = Int(measured.digits)
        f.punctuation = Int(measured.punctuation)
        f.symbols = Int(measured.symbols)
        f.spaces = Int(measured.spaces)
        f.words = Int(measured.words)
        f.sentenceMarks = Int(measured.sentence_marks)
        f.endsWithTerminal = measured.ends_with_terminal != 0
        f.length = f.characters + 2 * Int(measured.wide)
        let dictionary = measured.uses_dictionary != 0
        mergeWritingSystems()
        let first = scriptCountsOut.count
        for k in 0..<Int(touched[256]) where scriptCounts[Int(touched[k])] > 0 {
            let s = Int(touched[k])
            scriptCountsOut.append(ScriptCount(script: s, count: Int(scriptCounts[s])))
        }
        if scriptCountsOut.count - first > 1 {
            scriptCountsOut[first...].sort { $0.count > $1.count || ($0.count == $1.count && $0.script < $1.script) }
        }
        f.scriptCounts = first..<scriptCountsOut.count
        f.dominantScript = f.letters > 0 && scriptCountsOut.count > first ? scriptCountsOut[first].script : 0

        if dictionary {
            f.usesDictionary = true
            countDictionaryWords(text, &f, hitsFrom: blockHits)
        }
        // Only short lines made mostly of digits, markers and separators can have a shape (five letters and
        // seven characters admit a Roman numeral marker such as "xviii.").
        if text.count <= 96 && (f.letters == 0 || (f.letters <= 10 && f.digits > 0) || (f.letters <= 5 && f.characters <= 7)) {
            f.shape = ShapeClassifier.shape(of: text)
        }
        return f
    }

    @inline(__always)
    private func countPunctuationOrSymbol(_ cls: CharacterClass, _ f: inout BlockFeatures) {
        if cls.contains(.punctuation) { f.punctuation += 1 } else if cls.contains(.symbol) { f.symbols += 1 }
    }

    @inline(__always)
    private func trackTerminal(_ cls: CharacterClass, _ scalar: UInt32, _ lastTerminal: inout Bool, _ previousWasTerminal: inout Bool, _ f: inout BlockFeatures) {
        if cls.contains(.sentenceTerminal) {
            // Ideographic and other full-width terminals close a sentence wherever they stand.
            if scalar >= 0x3000 { f.sentenceMarks += 1; previousWasTerminal = false } else { previousWasTerminal = true }
            lastTerminal = true
        } else if cls.contains(.closing) {
            // Closing quotes and brackets keep what came before them.
        } else {
            previousWasTerminal = false
            lastTerminal = false
        }
    }

    /// Japanese: Han written with kana counts as Japanese. Korean: Han beside Hangul counts as Hangul.
    private func mergeWritingSystems() {
        let han = self.han, hiragana = self.hiragana, katakana = self.katakana, hangul = self.hangul
        let kana = Int(scriptCounts[hiragana]) + Int(scriptCounts[katakana])
        if kana > 0 {
            let japanese = self.japanese
            guard japanese >= 0 && japanese < 256 else { return }
            let total = kana + Int(scriptCounts[han])
            scriptCounts[hiragana] = 0
            scriptCounts[katakana] = 0
            scriptCounts[han] = 0
            if scriptCounts[japanese] == 0 { touched[Int(touched[256])] = Int32(japanese); touched[256] += 1 }
            scriptCounts[japanese] += Int32(total)
        } else if scriptCounts[hangul] > 0 && scriptCounts[han] > 0 {
            scriptCounts[hangul] += scriptCounts[han]
            scriptCounts[han] = 0
        }
    }

    /// Words of blocks in scripts without spaces come from ICU's dictionary-based word breaks; stop-words
    /// are looked up segment by segment.
    /// The scanner's stop-word hits of the block (from `hitsFrom` on) are replaced by the segments'.
    private func countDictionaryWords(_ text: UnsafeBufferPointer<UInt8>, _ f: inout BlockFeatures, hitsFrom: Int) {
        hitCount = hitsFrom
        let n = wordSegmenter.words(text, into: &segmentStarts, &segmentEnds)
        f.words = n
        guard !stopwords.languages.isEmpty else { return }
        for k in 0..<n {
            var h = wordHashSeed
            var i = Int(segmentStarts[k])
            let end = Int(segmentEnds[k])
            var digitsOnly = true
            while i < end {
                let (scalar, length) = decodeScalar(text, at: i)
                i += length
                if scalar < 0x30 || scalar > 0x39 { digitsOnly = false }
                h = wordHashStep(h, table.lowercase(scalar))
            }
            if digitsOnly { continue }
            let mask = stopwords.lookup(h)
            // At most one hit a segment, and a segment holds at least a byte: within the room reserved.
            if mask != 0 { hitMasks[hitCount] = mask; hitCount += 1 }
        }
    }

    /// Hash of a line's bytes without the white space at its ends (ASCII spaces and tabs, no-break
    /// space U+00A0, ideographic space U+3000), so indented repeats count as repeats.
    private func trimmedHash(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var s = start, e = end
        while s < e {
            if buffer[s] == 0x20 || buffer[s] == 0x09 { s += 1 }
            else if s + 1 < e && buffer[s] == 0xC2 && buffer[s + 1] == 0xA0 { s += 2 }
            else if s + 2 < e && buffer[s] == 0xE3 && buffer[s + 1] == 0x80 && buffer[s + 2] == 0x80 { s += 3 }
            else { break }
        }
        while e > s {
            if buffer[e - 1] == 0x20 || buffer[e - 1] == 0x09 { e -= 1 }
            else if e - 2 >= s && buffer[e - 2] == 0xC2 && buffer[e - 1] == 0xA0 { e -= 2 }
            else if e - 3 >= s && buffer[e - 3] == 0xE3 && buffer[e - 2] == 0x80 && buffer[e - 1] == 0x80 { e -= 3 }
            else { break }
        }
        return ByteHash.of(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[s..<e]))
    }

    // MARK: Per document

    private func finish(_ blocks: inout [Block], _ profile: inout DocumentProfile, _ scriptCounts: [ScriptCount],
                        _ hitMasks: UnsafeBufferPointer<UInt64>, _ hitEnds: [Int], _ languageCount: Int) {
        var total = 0
        var occurrences = OccurrenceCounter(capacity: blocks.count)
        var documentScripts = [Int](repeating: 0, count: 256)
        var runningScripts = [Int](repeating: 0, count: 256)
        // By index, reading fields: `for block in blocks` copied each ~200-byte block.
        var words = 0
        // Each block's slot in the counter, so its count is read back without hashing and probing again.
        var slots: [Int] = []
        slots.reserveCapacity(blocks.count)
        // Words of prose (`isProse`), in the same pass: each pass over
        // a large document's blocks streams them all through memory.
        var proseTotal = 0
        for i in blocks.indices {
            total += blocks[i].features.characters
            let w = blocks[i].features.words
            words += w
            if Self.isProse(blocks[i].features) { proseTotal += w }
            // A line repeated right after itself (an image's alt text and then its caption) counts once:
            // repetition across the page is what marks menus and footers.
            if i > 0 && blocks[i - 1].features.hash == blocks[i].features.hash {
                slots.append(slots[i - 1])
            } else {
                slots.append(occurrences.add(blocks[i].features.hash, block: i))
            }
            let running = Self.isRunningText(blocks[i].features)
            for s in scriptCounts[blocks[i].features.scriptCounts] where s.script < 256 {
                documentScripts[s.script] += s.count
                if running { runningScripts[s.script] += s.count }
            }
        }
        profile.words += words
        profile.characters = total
        var proseSoFar = 0
        var before = 0
        for i in blocks.indices {
            blocks[i].proseBefore = proseSoFar
            if Self.isProse(blocks[i].features) { proseSoFar += blocks[i].features.words }
            blocks[i].proseAfter = proseTotal - proseSoFar
            blocks[i].occurrences = occurrences.count(atSlot: slots[i])
            blocks[i].firstOccurrence = occurrences.first(atSlot: slots[i])
            blocks[i].textBefore = total == 0 ? 0 : Double(before) / Double(total)
            before += blocks[i].features.characters
            blocks[i].textAfter = total == 0 ? 0 : Double(total - before) / Double(total)
        }
        profile.scripts = (0..<256).filter { documentScripts[$0] > 0 }
            .map { ScriptCount(script: $0, count: documentScripts[$0]) }
            .sorted { $0.count > $1.count || ($0.count == $1.count && $0.script < $1.script) }
        let letterScripts = (2..<256)
        // The body's script by the length of its running text, as `length` measures it: a character of a
        // script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) counts three, as it holds
        // about as much as a word's share of letters elsewhere. Counted by characters, a short Chinese or
        // Japanese article read as Latin when a longer English disclaimer followed it.
        var pick = letterScripts.contains { runningScripts[$0] > 0 } ? runningScripts : documentScripts
        for s in letterScripts where pick[s] > 0 && table.isDictionaryScript(s) { pick[s] *= 3 }
        profile.bodyScript = letterScripts.max { pick[$0] < pick[$1] || (pick[$0] == pick[$1] && $0 > $1) }.flatMap { pick[$0] > 0 ? $0 : nil } ?? 0

        // Language: the stop-word list with most hits over the document.
        if languageCount > 0 && !blocks.isEmpty {
            // Each language's hits over the document, counted for all languages at once: a bit-sliced
            // counter (plane j holds bit j of every language's count) takes each mask with a carry that
            // stops, on average, after two planes.
            let languages: UInt64 = languageCount >= 64 ? ~0 : (1 << UInt64(languageCount)) - 1
            var planes = [UInt64](repeating: 0, count: 64)
            var sums = [Int](repeating: 0, count: languageCount)
            planes.withUnsafeMutableBufferPointer { planes in
                var top = 0
                for m in hitMasks {
                    var carry = m & languages, j = 0
                    while carry != 0 {
                        let next = planes[j] & carry
                        planes[j] ^= carry
                        carry = next
                        j += 1
                    }
                    top = max(top, j)
                }
                for j in 0..<top {
                    var bits = planes[j]
                    while bits != 0 {
                        sums[bits.trailingZeroBitCount] += 1 << j
                        bits &= bits - 1
                    }
                }
            }
            if let best = sums.indices.max(by: { sums[$0] < sums[$1] }), sums[best] >= 3 {
                profile.language = stopwords.languages[best]
                profile.languageHits = sums[best]
                // Blocks without hits in that language keep their 0.
                var start = 0
                for i in blocks.indices {
                    let end = hitEnds[i]
                    var count = 0
                    for k in start..<end { count += Int(truncatingIfNeeded: hitMasks[k] >> UInt64(best) & 1) }
                    if count > 0 { blocks[i].features.stopwords = count }
                    start = end
                }
            }
        }

        // Departures from the body's script, and a tail written wholly in other scripts.
        let body = profile.bodyScript
        guard body > 1 else { return }
        var tail: Int? = nil
        var tailStart = 0
        // By index, reading fields (not copying each block).
        for i in blocks.indices where blocks[i].features.letters > 0 {
            if !UnicodeScripts.belongs(blocks[i].features.dominantScript, toBody: body) {
                profile.departures.append(blocks[i].index)
                if tail == nil { tail = blocks[i].index; tailStart = i }
            } else {
                tail = nil
            }
        }
        guard let t = tail, t > 0 else { return }
        // A disclaimer, an app prompt or a copyright line is one block of running text, or a few short ones.
        // A tail with two or more blocks of running text that together hold at least half as many characters
        // as the body script's running text is the page's other half (a page in two languages whose second
        // language comes last), not residue.
        var tailRunning = 0, tailRunningBlocks = 0
        for i in tailStart..<blocks.count where Self.isRunningText(blocks[i].features) {
            tailRunning += blocks[i].features.characters
            tailRunningBlocks += 1
        }
        if tailRunningBlocks >= 2 && 2 * tailRunning >= runningScripts[body] { return }
        // Code after a Chinese, Japanese or Russian tutorial is written in Latin letters too, but it is the
        // article's (a JSON file, a configuration block): a tail most of whose lettered blocks are dense
        // with punctuation and symbols is code, not residue.
        var lettered = 0, code = 0
        for i in tailStart..<blocks.count where blocks[i].features.letters > 0 {
            lettered += 1
            if Self.looksLikeCode(blocks[i].features) { code += 1 }
        }
        if 2 * code > lettered { return }
        profile.tailDeparture = t
    }

    /// At least `codeMarkShare` of a block's letters, digits, punctuation and symbols are punctuation and
    /// symbols (`"name": "test",`, `x = f(a, b);`): prose and copyright lines stay well under it.
    static let codeMarkShare = 0.3

    static func looksLikeCode(_ f: BlockFeatures) -> Bool {
        let marks = f.punctuation + f.symbols
        let visible = f.letters + f.digits + marks
        return visible > 0 && Double(marks) >= codeMarkShare * Double(visible)
    }
}

extension Analyzer {
    /// A block of running text: eight words or more, or a sentence of four.
    @inline(__always)
    static func isRunningText(_ f: BlockFeatures) -> Bool {
        f.words >= 8 || f.sentenceMarks >= 1 && f.words >= 4
    }

    /// A block of prose, as `prose-before` and `prose-after` count it: eight words or more that end a
    /// sentence. Thai and Lao end sentences with a space rather than a mark, so there a block of 20 words
    /// or more counts too (a headline or a list item is shorter).
    @inline(__always)
    static func isProse(_ f: BlockFeatures) -> Bool {
        f.words >= 8 && (f.endsWithTerminal || f.words >= 20 && UnicodeScripts.endsSentencesWithSpaces(f.dominantScript))
    }
}

/// How often each block hash occurs in a document, and the first block that has it: an open-addressing
/// table sized once, cheaper than a Dictionary's hashing of keys that are hashes already. A slot's key,
/// count and first block sit together: on a large document every probe misses the cache, and three
/// parallel arrays cost up to three misses a block.
private struct OccurrenceCounter {
    private struct Entry {
        var key: UInt64 = 0
        /// 0 marks an empty slot.
        var count: Int32 = 0
        var first: Int32 = 0
    }

    private var entries: [Entry]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        entries = [Entry](repeating: Entry(), count: size)
        mask = size - 1
    }

    /// Counts the key of block `block`; returns the key's slot: it keeps that slot (nothing is ever removed).
    mutating func add(_ key: UInt64, block: Int) -> Int {
        let mask = self.mask
        return entries.withUnsafeMutableBufferPointer { entries in
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while entries[i].count != 0 && entries[i].key != key { i = (i + 1) & mask }
            if entries[i].count == 0 {
                entries[i].key = key
                entries[i].first = Int32(truncatingIfNeeded: block)
            }
            entries[i].count += 1
            return i
        }
    }

    /// The first block added with the slot's key.
    func first(atSlot i: Int) -> Int { Int(entries[i].first) }

    /// At least 1: every block counts its own text.
    func count(atSlot i: Int) -> Int { max(1, Int(entries[i].count)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
