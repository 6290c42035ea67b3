import BoilercleanEngine
import BoilercleanRules

/// Which fields of a JSON Lines record to read, write and annotate.
public struct RecordFields: Sendable, Equatable {
    public var input: [String]
    public var output: [String]
    public var annotation: [String]?

    /// Dotted paths: "text", "doc.body". Throws a message when they overlap (one inside another).
    public init(field: String = "text", outputField: String? = nil, annotate: String? = nil) throws(StreamError) {
        func path(_ s: String, _ option: String) throws(StreamError) -> [String] {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.contains(where: \.isEmpty) { throw StreamError("\(option) '\(s)': empty component in dotted path") }
            return parts
        }
        input = try path(field, "--field")
        output = try outputField.map { (s) throws(StreamError) in try path(s, "--output-field") } ?? input
        annotation = try annotate.map { (s) throws(StreamError) in try path(s, "--annotate") }
        if let annotation {
            for (other, name) in [(input, "--field"), (output, "--output-field")] where annotation.starts(with: other) || other.starts(with: annotation) {
                throw StreamError("--annotate '\(annotation.joined(separator: "."))' overlaps \(name) '\(other.joined(separator: "."))'")
            }
        }
        if output != input && (output.starts(with: input) || input.starts(with: output)) {
            throw StreamError("--output-field '\(output.joined(separator: "."))' overlaps --field '\(input.joined(separator: "."))'")
        }
    }
}

/// What happened to one record.
public enum RecordOutcome {
    /// Write the line as it came (nothing to change, or the field was absent or not a string).
    case unchanged
    /// Write these bytes instead.
    case rewritten([UInt8])
    /// Not a JSON object: written as it came, and reported.
    case malformed(JSONSyntaxError)
}

/// Per-record statistics, summed over a stream.
public struct RecordStatistics: Sendable {
    public var records = 0
    public var cleaned = 0
    public var malformed = 0
    /// Records without the field, or where it is not a string.
    public var withoutText = 0
    public var textBytesIn = 0
    public var textBytesOut = 0
    /// Removed blocks by kind of residue ("unclassified" for blocks no rule named, e.g. page-mode defaults).
    public var blocksRemoved: [String: Int] = [:]
    public var rules: Set<String> = []
    public init() {}
}

/// Cleans the text field of JSON Lines records, splicing new values into the original line bytes so
/// every other field keeps its exact bytes and order. Not thread-safe (it owns a `Cleaner`).
public final class RecordCleaner {
    public let cleaner: Cleaner
    public let fields: RecordFields
    public private(set) var statistics = RecordStatistics()

    public init(cleaner: Cleaner, fields: RecordFields) {
        self.cleaner = cleaner
        self.fields = fields
    }

    public func clean(line: UnsafeBufferPointer<UInt8>) -> RecordOutcome {
        statistics.records += 1
        // A blank line is not a record; it passes through, and so keeps the line count.
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { statistics.withoutText += 1; return .unchanged }
        let record: JSONRecord
        do { record = try JSONRecord(validating: line) } catch {
            statistics.malformed += 1
            return .malformed(error)
        }
        guard case .value(let span) = record.locate(fields.input), line[span.lowerBound] == UInt8(ascii: "\"") else {
            statistics.withoutText += 1
            return .unchanged
        }
        let text = JSONString.decode(UnsafeBufferPointer(rebasing: line[span]))
        let result = cleaner.clean(utf8: text)
        let cleaned = result.output()
        statistics.cleaned += 1
        statistics.textBytesIn += text.count
        statistics.textBytesOut += cleaned.count
        for verdict in result.verdicts where !verdict.keep {
            statistics.blocksRemoved[verdict.kind?.rawValue ?? "unclassified", default: 0] += 1
            statistics.rules.formUnion(verdict.rules)
        }

        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        if fields.output == fields.input {
            if cleaned != text {
                var value: [UInt8] = []
                JSONString.encode(cleaned, into: &value)
                edits.append((span, value))
            }
        } else {
            var value: [UInt8] = []
            JSONString.encode(cleaned, into: &value)
            if let edit = Self.edit(record, fields.output, value) { edits.append(edit) }
        }
        if let annotation = fields.annotation, let edit = Self.edit(record, annotation, Self.annotation(result)) {
            edits.append(edit)
        }
        guard !edits.isEmpty else { return .unchanged }
        edits.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + edits.reduce(0) { $0 + $1.bytes.count })
        var cursor = 0
        for edit in edits {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: line[cursor..<edit.range.lowerBound]))
            out.append(contentsOf: edit.bytes)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: line[cursor...]))
        return .rewritten(out)
    }

    /// Replaces the value at `path`, or inserts it (with any missing parent objects) at the end of the
    /// deepest existing object. Nil when a non-object is in the way.
    static func edit(_ record: JSONRecord, _ path: [String], _ value: [UInt8]) -> (range: Range<Int>, bytes: [UInt8])? {
        switch record.locate(path) {
        case .value(let span):
            return (span, value)
        case .missing(let at, let empty, let remaining):
            var member: [UInt8] = empty ? [] : [UInt8(ascii: ",")]
            for (i, key) in remaining.enumerated() {
                JSONString.encode(Array(key.utf8), into: &member)
                member.append(UInt8(ascii: ":"))
                if i < remaining.count - 1 { member.append(UInt8(ascii: "{")) }
            }
            member += value
            member += [UInt8](repeating: UInt8(ascii: "}"), count: remaining.count - 1)
            return (at..<at, member)
        case .blocked:
            return nil
        }
    }

    /// The verdicts as JSON: removed spans (1-based line ranges of the text, with kind and rules).
    public static func annotation(_ result: CleaningResult) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("mode"); w.string(result.mode.rawValue)
            w.key("blocks"); w.int(result.verdicts.count)
            w.key("removedBlocks"); w.int(result.removedBlocks)
            if result.emptied { w.key("emptied"); w.bool(true) }
            w.key("removed"); w.array { w in
                let blocks = result.document.blocks
                var i = 0
                while i < blocks.count {
                    let v = result.verdicts[i]
                    guard !v.keep else { i += 1; continue }
                    var j = i
                    while j + 1 < blocks.count, !result.verdicts[j + 1].keep,
                          result.verdicts[j + 1].kind == v.kind, result.verdicts[j + 1].rules == v.rules { j += 1 }
                    w.object { w in
                        w.key("lines"); w.array { w in w.int(blocks[i].line + 1); w.int(blocks[j].line + 1) }
                        w.key("kind"); if let k = v.kind { w.string(k.rawValue) } else { w.null() }
                        w.key("decision"); w.string(v.decision.rawValue)
                        w.key("rules"); w.array { w in for r in v.rules { w.string(r) } }
                    }
                    i = j + 1
                }
            }
        }
        return w.output
    }
}
