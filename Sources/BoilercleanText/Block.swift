/// One line of the input as byte offsets into the decoded UTF-8 text.
public struct Line: Sendable, Equatable {
    /// First byte of the line.
    public var start: Int
    /// End of the line's content: before "\n" or "\r\n".
    public var end: Int
    /// Start of the next line (after the terminator); equals `end` on a last line without one.
    public var next: Int
}

/// What a short block consists of when it is nothing but a marker, a number, a date or a time.
public enum Shape: String, Sendable, CaseIterable, Codable {
    case text
    case listMarker = "list-marker"
    case number
    case date
    case time
}

/// Characters of one script in a block (Common and Inherited characters resolved to their context).
public struct ScriptCount: Sendable, Equatable {
    public var script: Int
    public var count: Int
}

/// Everything the rules can ask of a block that can be measured on the block alone.
public struct BlockFeatures: Sendable {
    /// Non-space characters (scalars).
    public var characters = 0
    public var letters = 0
    public var digits = 0
    public var punctuation = 0
    public var symbols = 0
    public var spaces = 0
    /// Characters, counting each character of a script written without spaces (Han, kana, Thai...) as
    /// three: an information-comparable length across scripts (a Chinese character carries about as much
    /// as three Latin letters).
    public var length = 0
    /// Words as ICU's word break rules count them (dictionary segmentation for Chinese, Japanese, Thai...).
    public var words = 0
    /// Sentence-terminal characters that close a sentence (followed by a space, a closing quote or the end).
    public var sentenceMarks = 0
    /// The block ends with sentence-terminal punctuation of any script, possibly inside closing quotes.
    public var endsWithTerminal = false
    public var shape: Shape = .text
    /// Where this block's characters per script (most frequent first) lie in `Document.scriptCounts`.
    /// An index range rather than an array of its own keeps `Block` free of references: blocks are then
    /// copied without reference counting and analysed without an allocation each.
    public var scriptCounts: Range<Int> = 0..<0
    /// The script with most characters (`UnicodeScripts.common` for blocks without letters).
    public var dominantScript = 0
    /// Words found in the document language's stop-word list.
    public var stopwords = 0
    /// Hash of the block's trimmed bytes: equal texts have equal hashes.
    public var hash: UInt64 = 0
    /// The block contains text in a script that needs dictionary segmentation.
    public var usesDictionary = false

    public init() {}

    public func share(_ count: Int) -> Double { characters == 0 ? 0 : Double(count) / Double(characters) }
    public var stopwordDensity: Double { words == 0 ? 0 : Double(stopwords) / Double(words) }
}

/// A non-blank line of the document with its features and position.
public struct Block: Sendable {
    /// Index among the document's blocks.
    public var index: Int
    /// 0-based line number.
    public var line: Int
    /// Paragraph number: blank lines separate paragraphs.
    public var paragraph: Int
    /// The line's content bytes (without the line terminator).
    public var range: Range<Int>
    public var features: BlockFeatures
    /// How many blocks of the document have this block's text.
    public var occurrences = 1
    /// The index of the first block with this block's text hash (its own index when it is the first).
    public var firstOccurrence = 0
    /// Share of the document's characters that come before this block (0 at the start).
    public var textBefore = 0.0
    /// Share of the document's characters that come after this block.
    public var textAfter = 0.0
    /// Words of prose (blocks of at least 8 words that end a sentence; in Thai and Lao, also of 20 words
    /// or more: see `Analyzer.isProse`) before and after this block: where the article's running text lies
    /// relative to it.
    public var proseBefore = 0
    public var proseAfter = 0
    /// The block's phrase core text (see `CoreText`) is `Document.cores[coreStart ..< coreStart + coreLength]`,
    /// built by the scanner in its pass over the block; coreLength is -1 when it was not built (text that
    /// ICU folds, or an analysis without a folder): `CaseFolder.withCoreText` makes it then.
    public var coreStart: Int32 = 0
    public var coreLength: Int32 = -1
}
