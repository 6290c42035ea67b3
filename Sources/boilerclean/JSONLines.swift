import ArgumentParser
import BoilercleanEngine
import BoilercleanStreams
import Foundation

/// Options of the JSON Lines mode, shared by `clean` and `batch`.
struct JSONLinesOptions: ParsableArguments {
    @Flag(help: "Read JSON Lines: clean the text field of each record and write the record back (gzip or zstd input is decompressed).")
    var jsonl = false

    @Option(help: ArgumentHelp("The field that holds the text (dotted paths reach into objects: doc.body).", valueName: "path"))
    var field = "text"

    @Option(help: ArgumentHelp("Write the cleaned text to this field instead (created when absent).", valueName: "path"))
    var outputField: String?

    @Option(help: ArgumentHelp("Add the verdicts under this key: removed spans with their line ranges, kinds and rule ids.", valueName: "key"))
    var annotate: String?

    func fields() throws -> RecordFields {
        do { return try RecordFields(field: field, outputField: outputField, annotate: annotate) } catch {
            throw ValidationError(error.message)
        }
    }
}

/// `clean --jsonl`: a streaming filter. One record in memory at a time; each output record is written
/// (and so flushed) before the next one is read.
enum JSONLinesFilter {
    static func run(inputs: [String], cleaner: Cleaner, fields: RecordFields) -> Status {
        let records = RecordCleaner(cleaner: cleaner, fields: fields)
        var status = Status.success
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        for path in inputs {
            let name = path == "-" ? "<stdin>" : path
            let reader: LineReader
            do { reader = LineReader(try ByteStream(path: path)) } catch {
                FileHandle.standardErrorWrite("boilerclean: \(error.message)\n")
                status = .inputError
                continue
            }
            do {
                while try reader.next({ line in
                    out.removeAll(keepingCapacity: true)
                    switch records.clean(line: line) {
                    case .unchanged: out.append(contentsOf: line)
                    case .rewritten(let bytes): out.append(contentsOf: bytes)
                    case .malformed(let error):
                        out.append(contentsOf: line)
                        FileHandle.standardErrorWrite("boilerclean: \(name):\(reader.lineNumber): malformed JSON (\(error)); passed through unchanged\n")
                    }
                    out.append(0x0A)
                    writeOut(out)
                }) {}
            } catch {
                FileHandle.standardErrorWrite("boilerclean: \(error)\n")
                status = .inputError
            }
        }
        let s = records.statistics
        if s.malformed > 0 { status = .inputError }
        if s.withoutText > 0 {
            FileHandle.standardErrorWrite("boilerclean: \(s.withoutText) of \(s.records) lines had no string field '\(fields.input.joined(separator: "."))' and were passed through\n")
        }
        return status
    }
}
