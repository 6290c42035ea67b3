/// A decoded document split into lines and analysed blocks, with its script profile.
public struct Document: Sendable {
    public var bytes: [UInt8]
    public var lines: [Line]
    public var blocks: [Block]
    public var profile: DocumentProfile
    /// Characters per script of every block, block after block (see `BlockFeatures.scriptCounts`).
    public var scriptCounts: [ScriptCount]
    /// The phrase core texts the scanner built, block after block (see `Block.coreStart`).
    public var cores: [UInt8] = []

    /// Characters per script in a block, most frequent first.
    public func scripts(of block: Block) -> ArraySlice<ScriptCount> {
        scriptCounts[block.features.scriptCounts]
    }

    public func text(of block: Block) -> String {
        String(decoding: bytes[block.range], as: UTF8.self)
    }

    /// Lends `body` the block's core text when the scanner built it, nil otherwise.
    @inline(__always)
    public func withCore<R>(of block: Block, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard block.coreLength >= 0 else { return body(nil) }
        return cores.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(block.coreStart) ..< Int(block.coreStart) + Int(block.coreLength)])) }
    }

    public func withBytes<R>(of block: Block, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[block.range])) }
    }
}

/// Where the document's running text is written, and where the writing system departs from it.
public struct DocumentProfile: Sendable {
    /// Characters per script over the whole document, most frequent first.
    public var scripts: [ScriptCount] = []
    /// The script of the body: where most of the running text (blocks of several words or sentences) is.
    public var bodyScript = 0
    /// Indices of blocks whose dominant script differs from the body's (blocks with letters only).
    public var departures: [Int] = []
    /// First block of a tail written entirely in other scripts than the body's, if the document has one.
    public var tailDeparture: Int?
    /// The stop-word list with most hits, and how many words it matched.
    public var language: String?
    public var languageHits = 0
    /// All characters of all blocks.
    public var characters = 0
    public var words = 0
    /// Uses `\r\n` line ends.
    public var crlf = false
}
