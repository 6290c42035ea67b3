/// Turns decoded text into a `Document`: lines, blocks, features, profile. One analyzer per thread:
/// it owns ICU iterators and scratch buffers.
public final class Analyzer {
    public let stopwords: StopwordTable
    private let table = CharacterTable.shared
    private let wordSegmenter: Segmenter
    private var sentenceSegmenter: Segmenter?
    private var scriptCounts = [Int32](repeating: 0, count: 256)
    private var touchedScripts: [Int] = []
    private var languageCounts: [Int32]
    private var segmentStarts: [Int32] = []
    private var segmentEnds: [Int32] = []

    public init(stopwords: StopwordTable = StopwordTable()) throws {
        self.stopwords = stopwords
        wordSegmenter = try Segmenter(.word)
        languageCounts = [Int32](repeating: 0, count: max(1, stopwords.languages.count))
    }

    private init(cloning other: Analyzer) throws {
        stopwords = other.stopwords
        wordSegmenter = try other.wordSegmenter.clone()
        sentenceSegmenter = try other.sentenceSegmenter?.clone()
        languageCounts = [Int32](repeating: 0, count: max(1, stopwords.languages.count))
    }

    /// An analyzer for another thread, sharing the stop-word table and cloning the ICU iterators.
    public func clone() throws -> Analyzer { try Analyzer(cloning: self) }

    /// Sentences in a block, by ICU's sentence break iterator (computed on demand: it is costly).
    public func sentences(in document: Document, block: Block) -> Int {
        if sentenceSegmenter == nil { sentenceSegmenter = try? Segmenter(.sentence) }
        guard let segmenter = sentenceSegmenter else { return block.features.sentenceMarks }
        return document.withBytes(of: block) { segmenter.count($0) }
    }

    public func analyze(_ bytes: [UInt8]) -> Document {
        var lines: [Line] = []
        var blocks: [Block] = []
        lines.reserveCapacity(bytes.count / 40 + 1)
        var crlf = false
        var perBlockLanguages: [Int32] = []
        let languageCount = stopwords.languages.count
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
                if var features = scan(UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                    if previousBlank && !blocks.isEmpty { paragraph += 1 }
                    previousBlank = false
                    features.hash = trimmedHash(buffer, start, end)
                    blocks.append(Block(index: blocks.count, line: lineIndex, paragraph: paragraph, range: start..<end, features: features))
                    if languageCount > 0 {
                        for i in 0..<languageCount { perBlockLanguages.append(languageCounts[i]) }
                    }
                } else {
                    previousBlank = true
                }
                start = next
            }
        }
        var profile = DocumentProfile()
        profile.crlf = crlf
        finish(&blocks, &profile, perBlockLanguages, languageCount)
        return Document(bytes: bytes, lines: lines, blocks: blocks, profile: profile)
    }

    // MARK: Per block

    /// Measures one line; nil when it holds only white space.
    private func scan(_ text: UnsafeBufferPointer<UInt8>) -> BlockFeatures? {
        var f = BlockFeatures()
        for s in touchedScripts { scriptCounts[s] = 0 }
        touchedScripts.removeAll(keepingCapacity: true)
        for i in 0..<languageCounts.count { languageCounts[i] = 0 }

        var inWord = false
        var wordIsDigits = true
        var joiner: UInt32 = 0           // a word-internal punctuation seen right after a word character
        var hash = wordHashSeed
        var pendingCommon = 0            // Common/Inherited characters not yet given a script
        var lastScript = -1
        var lastClassTerminal = false    // last non-space, non-closing character was sentence-terminal
        var previousWasTerminal = false
        var dictionary = false
        var wide = 0
        let stopwordsInUse = !stopwords.languages.isEmpty

        table.withTables { scripts, classes, lower, dictionaryScripts in
            var i = 0
            let n = text.count
            @inline(__always) func endWord() {
                if stopwordsInUse && !wordIsDigits {
                    let mask = stopwords.lookup(hash == 0 ? 1 : hash)
                    if mask != 0 { countLanguages(mask) }
                }
                inWord = false
                joiner = 0
            }
            while i < n {
                let b0 = text[i]
                var scalar: UInt32
                if b0 < 0x80 { scalar = UInt32(b0); i += 1 }
                else if b0 < 0xE0 { scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(text[i + 1] & 0x3F); i += 2 }
                else if b0 < 0xF0 {
                    scalar = (UInt32(b0 & 0x0F) << 12) | (UInt32(text[i + 1] & 0x3F) << 6) | UInt32(text[i + 2] & 0x3F); i += 3
                } else {
                    scalar = (UInt32(b0 & 0x07) << 18) | (UInt32(text[i + 1] & 0x3F) << 12) | (UInt32(text[i + 2] & 0x3F) << 6) | UInt32(text[i + 3] & 0x3F); i += 4
                }
                let cls: CharacterClass
                let script: Int
                if scalar < 0x10000 {
                    cls = CharacterClass(rawValue: classes[Int(scalar)])
                    script = Int(scripts[Int(scalar)])
                } else {
                    cls = table.characterClass(scalar)
                    script = table.script(scalar)
                }
                if cls.contains(.space) {
                    f.spaces += 1
                    if inWord { endWord() }
                    if previousWasTerminal { f.sentenceMarks += 1 }
                    previousWasTerminal = false
                    continue
                }
                f.characters += 1
                // Script profile: Common (0) and Inherited (1) take the script of their context.
                if script > 1 {
                    if scriptCounts[script] == 0 { touchedScripts.append(script) }
                    scriptCounts[script] += Int32(1 + pendingCommon)
                    pendingCommon = 0
                    lastScript = script
                    if dictionaryScripts[script] { dictionary = true; wide += 1 }
                } else if lastScript >= 0 {
                    scriptCounts[lastScript] += 1
                } else {
                    pendingCommon += 1
                }
                let wordCharacter = cls.contains(.letter) || cls.contains(.digit) || (cls.contains(.mark) && inWord) || scalar == 0x5F
                if wordCharacter {
                    if cls.contains(.letter) { f.letters += 1 } else if cls.contains(.digit) { f.digits += 1 }
                    if !inWord {
                        f.words += 1
                        inWord = true
                        wordIsDigits = true
                        hash = wordHashSeed
                    } else if joiner != 0 {
                        hash = wordHashStep(hash, joiner)
                        joiner = 0
                    }
                    if !cls.contains(.digit) { wordIsDigits = false }
                    let l = scalar < 0x10000 ? UInt32(lower[Int(scalar)]) : table.lowercase(scalar)
                    hash = wordHashStep(hash, l)
                    lastClassTerminal = false
                    previousWasTerminal = false
                    continue
                }
                // Punctuation inside a word (UAX #29 MidLetter / MidNum / MidNumLet) does not end it.
                if inWord && joiner == 0 {
                    let midLetter = scalar == 0x27 || scalar == 0x2019 || scalar == 0x2E || scalar == 0x3A || scalar == 0xB7 || scalar == 0x2027
                    let midNum = scalar == 0x2C || scalar == 0x3B || scalar == 0x2E || scalar == 0x27 || scalar == 0x66C
                    if (midLetter && !wordIsDigits) || (midNum && wordIsDigits) {
                        joiner = scalar
                        countPunctuationOrSymbol(cls, &f)
                        trackTerminal(cls, scalar, &lastClassTerminal, &previousWasTerminal, &f)
                        continue
                    }
                }
                if inWord { endWord() }
                countPunctuationOrSymbol(cls, &f)
                trackTerminal(cls, scalar, &lastClassTerminal, &previousWasTerminal, &f)
            }
            if inWord { endWord() }
        }
        guard f.characters > 0 else { return nil }
        f.length = f.characters + 2 * wide
        // A word-internal joiner left at the end (as in "end." or "etc.") closed the sentence after all.
        if previousWasTerminal { f.sentenceMarks += 1 }
        f.endsWithTerminal = lastClassTerminal

        if pendingCommon > 0 {
            // Only Common characters: they stay Common.
            if touchedScripts.isEmpty { touchedScripts.append(0); scriptCounts[0] = Int32(pendingCommon) }
        }
        mergeWritingSystems()
        var counts: [ScriptCount] = []
        counts.reserveCapacity(touchedScripts.count)
        for s in touchedScripts where scriptCounts[s] > 0 { counts.append(ScriptCount(script: s, count: Int(scriptCounts[s]))) }
        if counts.count > 1 { counts.sort { $0.count > $1.count || ($0.count == $1.count && $0.script < $1.script) } }
        f.scripts = counts
        f.dominantScript = f.letters > 0 ? (counts.first?.script ?? 0) : 0

        if dictionary {
            f.usesDictionary = true
            countDictionaryWords(text, &f)
        }
        if f.letters <= 8 && text.count <= 96 { f.shape = ShapeClassifier.shape(of: text) }
        return f
    }

    @inline(__always)
    private func countLanguages(_ mask: UInt64) {
        var m = mask
        while m != 0 {
            let bit = m.trailingZeroBitCount
            if bit < languageCounts.count { languageCounts[bit] += 1 }
            m &= m - 1
        }
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
        let han = UnicodeScripts.han
        let kana = Int(scriptCounts[UnicodeScripts.hiragana]) + Int(scriptCounts[UnicodeScripts.katakana])
        if kana > 0 {
            let japanese = UnicodeScripts.japanese
            guard japanese >= 0 && japanese < 256 else { return }
            let total = kana + Int(scriptCounts[han])
            scriptCounts[UnicodeScripts.hiragana] = 0
            scriptCounts[UnicodeScripts.katakana] = 0
            scriptCounts[han] = 0
            if scriptCounts[japanese] == 0 { touchedScripts.append(japanese) }
            scriptCounts[japanese] += Int32(total)
        } else if scriptCounts[UnicodeScripts.hangul] > 0 && scriptCounts[han] > 0 {
            scriptCounts[UnicodeScripts.hangul] += scriptCounts[han]
            scriptCounts[han] = 0
        }
    }

    /// Words of blocks in scripts without spaces come from ICU's dictionary-based word breaks; stop-words
    /// are looked up segment by segment.
    private func countDictionaryWords(_ text: UnsafeBufferPointer<UInt8>, _ f: inout BlockFeatures) {
        for i in 0..<languageCounts.count { languageCounts[i] = 0 }
        let n = wordSegmenter.words(text, into: &segmentStarts, &segmentEnds)
        f.words = n
        guard !stopwords.languages.isEmpty else { return }
        for k in 0..<n {
            var h = wordHashSeed
            var i = Int(segmentStarts[k])
            let end = Int(segmentEnds[k])
            var digitsOnly = true
            while i < end {
                let b0 = text[i]
                var scalar: UInt32
                if b0 < 0x80 { scalar = UInt32(b0); i += 1 }
                else if b0 < 0xE0 { scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(text[i + 1] & 0x3F); i += 2 }
                else if b0 < 0xF0 { scalar = (UInt32(b0 & 0x0F) << 12) | (UInt32(text[i + 1] & 0x3F) << 6) | UInt32(text[i + 2] & 0x3F); i += 3 }
                else { scalar = (UInt32(b0 & 0x07) << 18) | (UInt32(text[i + 1] & 0x3F) << 12) | (UInt32(text[i + 2] & 0x3F) << 6) | UInt32(text[i + 3] & 0x3F); i += 4 }
                if scalar < 0x30 || scalar > 0x39 { digitsOnly = false }
                h = wordHashStep(h, table.lowercase(scalar))
            }
            if digitsOnly { continue }
            let mask = stopwords.lookup(h)
            if mask != 0 { countLanguages(mask) }
        }
    }

    private func trimmedHash(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var s = start, e = end
        while s < e && (buffer[s] == 0x20 || buffer[s] == 0x09) { s += 1 }
        while e > s && (buffer[e - 1] == 0x20 || buffer[e - 1] == 0x09) { e -= 1 }
        var h: UInt64 = 0xcbf29ce484222325
        for i in s..<e { h = (h ^ UInt64(buffer[i])) &* 0x100000001b3 }
        return h
    }

    // MARK: Per document

    private func finish(_ blocks: inout [Block], _ profile: inout DocumentProfile, _ perBlockLanguages: [Int32], _ languageCount: Int) {
        var total = 0
        var occurrences: [UInt64: Int] = [:]
        occurrences.reserveCapacity(blocks.count)
        var documentScripts = [Int](repeating: 0, count: 256)
        var runningScripts = [Int](repeating: 0, count: 256)
        for block in blocks {
            total += block.features.characters
            profile.words += block.features.words
            occurrences[block.features.hash, default: 0] += 1
            let running = block.features.words >= 8 || block.features.sentenceMarks >= 1 && block.features.words >= 4
            for s in block.features.scripts where s.script < 256 {
                documentScripts[s.script] += s.count
                if running { runningScripts[s.script] += s.count }
            }
        }
        profile.characters = total
        var before = 0
        for i in blocks.indices {
            blocks[i].occurrences = occurrences[blocks[i].features.hash] ?? 1
            blocks[i].textBefore = total == 0 ? 0 : Double(before) / Double(total)
            before += blocks[i].features.characters
            blocks[i].textAfter = total == 0 ? 0 : Double(total - before) / Double(total)
        }
        profile.scripts = (0..<256).filter { documentScripts[$0] > 0 }
            .map { ScriptCount(script: $0, count: documentScripts[$0]) }
            .sorted { $0.count > $1.count || ($0.count == $1.count && $0.script < $1.script) }
        let letterScripts = (2..<256)
        let pick = letterScripts.contains { runningScripts[$0] > 0 } ? runningScripts : documentScripts
        profile.bodyScript = letterScripts.max { pick[$0] < pick[$1] || (pick[$0] == pick[$1] && $0 > $1) }.flatMap { pick[$0] > 0 ? $0 : nil } ?? 0

        // Language: the stop-word list with most hits over the document.
        if languageCount > 0 && !blocks.isEmpty {
            var sums = [Int](repeating: 0, count: languageCount)
            for b in 0..<blocks.count {
                for l in 0..<languageCount { sums[l] += Int(perBlockLanguages[b * languageCount + l]) }
            }
            if let best = sums.indices.max(by: { sums[$0] < sums[$1] }), sums[best] >= 3 {
                profile.language = stopwords.languages[best]
                profile.languageHits = sums[best]
                for b in 0..<blocks.count { blocks[b].features.stopwords = Int(perBlockLanguages[b * languageCount + best]) }
            }
        }

        // Departures from the body's script, and a tail written wholly in other scripts.
        let body = profile.bodyScript
        guard body > 1 else { return }
        var tail: Int? = nil
        for block in blocks where block.features.letters > 0 {
            if block.features.dominantScript != body {
                profile.departures.append(block.index)
                if tail == nil { tail = block.index }
            } else {
                tail = nil
            }
        }
        if let t = tail, t > 0 { profile.tailDeparture = t }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
