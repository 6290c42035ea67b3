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
                    case .rewritten(let bytes) where bytes.count > 1 << 20:
                        writeOut(bytes)        // a huge record: no second copy
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

/// `clean --jsonl --jobs N`: the same filter on N threads. A reader thread hands records to workers
/// (each with its own cleaner clone); this thread writes results in input order as soon as each one and
/// all before it are done. At most `window` records are in flight, so memory stays bounded even when
/// one record is much slower than the others.
enum ParallelJSONLinesFilter {
    struct Work: Sendable { var sequence: Int; var line: [UInt8]; var lineNumber: Int; var source: String }
    struct Done: Sendable { var sequence: Int; var bytes: [UInt8]; var malformed: String? }

    static func run(inputs: [String], cleaners: [Handoff<Cleaner>], fields: RecordFields) -> Status {
        let window = 8 * cleaners.count
        let work = BoundedQueue<Work>(capacity: window)
        let done = BoundedQueue<Done>(capacity: window)
        let slots = DispatchSemaphore(value: window)
        let readFailed = Locked(false)
        let statistics = Locked<[RecordStatistics]>([])

        let reader = Thread {
            var sequence = 0
            for path in inputs {
                let name = path == "-" ? "<stdin>" : path
                do {
                    let lines = LineReader(try ByteStream(path: path))
                    while try lines.next({ line in
                        slots.wait()
                        work.push(Work(sequence: sequence, line: Array(line), lineNumber: lines.lineNumber, source: name))
                        sequence += 1
                    }) {}
                } catch {
                    FileHandle.standardErrorWrite("boilerclean: \(error)\n")
                    readFailed.withLock { $0 = true }
                }
            }
            work.close()
        }
        reader.stackSize = 16 << 20
        reader.start()

        let running = Locked(cleaners.count)
        for handoff in cleaners {
            let worker = Thread {
                let records = RecordCleaner(cleaner: handoff.value, fields: fields)
                while let item = work.pop() {
                    let result = item.line.withUnsafeBufferPointer { line -> Done in
                        switch records.clean(line: line) {
                        case .unchanged: return Done(sequence: item.sequence, bytes: item.line + [0x0A], malformed: nil)
                        case .rewritten(let bytes): return Done(sequence: item.sequence, bytes: bytes + [0x0A], malformed: nil)
                        case .malformed(let error):
                            return Done(sequence: item.sequence, bytes: item.line + [0x0A],
                                        malformed: "\(item.source):\(item.lineNumber): malformed JSON (\(error)); passed through unchanged")
                        }
                    }
                    done.push(result)
                }
                statistics.withLock { $0.append(records.statistics) }
                if running.withLock({ $0 -= 1; return $0 == 0 }) { done.close() }
            }
            worker.stackSize = 16 << 20
            worker.start()
        }

        var pending: [Int: Done] = [:]
        var next = 0
        while let result = done.pop() {
            pending[result.sequence] = result
            while let ready = pending.removeValue(forKey: next) {
                if let message = ready.malformed { FileHandle.standardErrorWrite("boilerclean: \(message)\n") }
                writeOut(ready.bytes)
                next += 1
                slots.signal()
            }
        }
        let all = statistics.withLock { $0 }
        let malformed = all.reduce(0) { $0 + $1.malformed }
        let withoutText = all.reduce(0) { $0 + $1.withoutText }, records = all.reduce(0) { $0 + $1.records }
        if withoutText > 0 {
            FileHandle.standardErrorWrite("boilerclean: \(withoutText) of \(records) lines had no string field '\(fields.input.joined(separator: "."))' and were passed through\n")
        }
        return malformed > 0 || readFailed.withLock({ $0 }) ? .inputError : .success
    }
}
