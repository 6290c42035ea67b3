import ArgumentParser
import BoilercleanEngine
import BoilercleanStreams
import BoilercleanRules
import BoilercleanText
import Foundation

/// `boilerclean batch IN OUT`: cleans a directory tree into a mirror tree on every core.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean a directory tree into a mirror tree, on every core.",
        discussion: """
            Every file under IN that matches --include (default: \(defaultIncludes.joined(separator: " "))) and no \
            --exclude is cleaned into the same relative path under OUT (with --format json: PATH.json). \
            *.jsonl files (also .jsonl.gz and .jsonl.zst, written decompressed as .jsonl) are cleaned record by record \
            as with `clean --jsonl`. Globs without "/" match file names, globs with "/" the path relative to IN. \
            An --exclude that matches a folder skips the folder.

            Outputs are written to a temporary file in the target folder and renamed into place, so a reader never \
            sees a partial file; inputs are only read. OUT must not be inside IN (nor IN inside OUT). A file whose \
            output is newer than the input is skipped unless --force. A file that cannot be read or decoded is \
            reported and skipped. Ctrl-C finishes the files in progress and stops; a second Ctrl-C stops at once. \
            Either way no partial output file is left. A progress line is drawn on stderr when it is a terminal; a \
            one-line summary always ends the run.

            Exit status:
              0  every file was cleaned (or was up to date)
              1  some files failed (or had malformed JSON lines); the others were cleaned
              2  usage error (including OUT inside IN)
              3  invalid rule files
              5  nearly all files failed (at least 90% of them)
              130  interrupted (SIGINT or SIGTERM)
            """
    )

    static let defaultIncludes = ["*.txt", "*.text", "*.jsonl", "*.jsonl.gz", "*.jsonl.zst"]

    @Argument(help: ArgumentHelp("The folder to clean.", valueName: "in"))
    var input: String

    @Argument(help: ArgumentHelp("The folder to write the mirror tree to (created if needed).", valueName: "out"))
    var output: String

    @Option(help: ArgumentHelp("Clean files that match this glob (repeatable; replaces the default list).", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("Skip files and folders that match this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "text: the cleaned text; json: the JSON report of each document (written to PATH.json).")
    var format: Clean.Format = .text

    @Option(help: ArgumentHelp("Write a JSON Lines record per file to FILE: path, bytes in and out, blocks removed by kind, rule ids, encoding, error.", valueName: "file"))
    var report: String?

    @Flag(help: "Clean files even when their output is newer than the input.")
    var force = false

    @Flag(help: "Do not draw the progress line, even on a terminal.")
    var noProgress = false

    @OptionGroup var rules: RuleOptions
    @OptionGroup var cleaning: CleaningArguments
    @OptionGroup(title: "JSON Lines") var jsonLines: JSONLinesOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        _ = try jsonLines.fields()
    }

    func run() throws {
        let settings = try BatchSettings(command: self)
        let ruleSet: RuleSet
        do { ruleSet = try rules.ruleSet() } catch { fail(error) }
        let prototype = try Cleaner(rules: ruleSet, options: CleaningOptions(mode: cleaning.mode, allowEmpty: cleaning.allowEmpty, collectEvidence: format == .json))
        if let encoding = cleaning.encoding {
            do { _ = try TextDecoder.decode([], encoding: encoding) } catch {
                if case .unknownEncoding = error { fail(CLIError(message: error.description, status: .usage)) }
            }
        }
        // One clone per worker, made here and handed over: ICU iterators must not be shared.
        let cleaners = try (0..<jobs).map { _ in Handoff(try prototype.clone()) }
        let status = BatchRun(settings: settings, showProgress: ProgressLine.stderrIsTerminal && !noProgress).run(cleaners: cleaners)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Everything a worker needs, resolved once.
struct BatchSettings: Sendable {
    var inputRoot: String
    var outputRoot: String
    var includes: [String]
    var excludes: [String]
    var format: Clean.Format
    var force: Bool
    var encoding: String?
    var allJSONLines: Bool
    var fields: RecordFields
    var report: String?
    var jobs: Int

    init(command: Batch) throws {
        func usage(_ message: String) -> Never { fail(CLIError(message: message, status: .usage)) }
        guard let root = realPath(command.input) else { usage("\(command.input): \(String(cString: strerror(errno)))") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            usage("\(command.input): not a folder (use `boilerclean clean` for files)")
        }
        let out = resolvedPath(command.output)
        if contains(root, out) { usage("the output folder \(command.output) is inside the input folder \(command.input); choose one outside it") }
        if contains(out, root) { usage("the input folder \(command.input) is inside the output folder \(command.output); outputs could overwrite inputs") }
        if let report = command.report, contains(root, resolvedPath(report)) {
            usage("the report \(report) is inside the input folder \(command.input)")
        }
        inputRoot = root
        outputRoot = out
        includes = command.include.isEmpty ? Batch.defaultIncludes : command.include
        excludes = command.exclude
        format = command.format
        force = command.force
        encoding = command.cleaning.encoding
        allJSONLines = command.jsonLines.jsonl
        fields = try command.jsonLines.fields()
        report = command.report
        jobs = command.jobs
    }

    func isJSONLines(_ relative: String) -> Bool {
        allJSONLines || [".jsonl", ".jsonl.gz", ".jsonl.zst"].contains { relative.hasSuffix($0) }
    }

    /// The output path relative to OUT.
    func outputRelative(_ relative: String) -> String {
        if isJSONLines(relative) {
            for suffix in [".gz", ".zst"] where relative.hasSuffix(suffix) { return String(relative.dropLast(suffix.count)) }
            return relative
        }
        return format == .json ? relative + ".json" : relative
    }

    static func matches(_ glob: String, _ relative: String) -> Bool {
        let subject = glob.contains("/") ? relative : String(relative.split(separator: "/").last ?? "")
        return fnmatch(glob, subject, 0) == 0
    }

    func included(_ relative: String) -> Bool {
        includes.contains { Self.matches($0, relative) } && !excludes.contains { Self.matches($0, relative) }
    }

    func excludedFolder(_ relative: String) -> Bool { excludes.contains { Self.matches($0, relative) } }

    /// Walks IN in sorted order. `visit` gets each matching regular file (relative path, size) and
    /// returns false to stop; `failure` gets folders that cannot be listed.
    func walk(visit: (String, Int) -> Bool, failure: (String, String) -> Void) {
        var stack: [String] = [""]
        while let folder = stack.popLast() {
            let absolute = folder.isEmpty ? inputRoot : inputRoot + "/" + folder
            guard let listing = opendir(absolute) else {
                failure(folder, "cannot list folder: \(String(cString: strerror(errno)))")
                continue
            }
            closedir(listing)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
            var subfolders: [String] = []
            for name in names {
                let relative = folder.isEmpty ? name : folder + "/" + name
                var st = stat()
                guard stat(inputRoot + "/" + relative, &st) == 0 else { continue }
                let type = st.st_mode & S_IFMT
                if type == S_IFDIR {
                    var link = stat()
                    // Symbolic links to folders are not followed: they could loop.
                    if lstat(inputRoot + "/" + relative, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { continue }
                    if !excludedFolder(relative) { subfolders.append(relative) }
                } else if type == S_IFREG, included(relative) {
                    if !visit(relative, Int(st.st_size)) { return }
                }
            }
            stack.append(contentsOf: subfolders.reversed())
        }
    }
}

/// The outcome of one file, as the report writes it.
struct FileResult: Sendable {
    enum State: String, Sendable { case cleaned, skipped, failed, partial }
    var path: String
    var output: String?
    var state: State
    var bytesIn = 0
    var bytesOut = 0
    var encoding: String?
    var mode: String?
    var removed: [String: Int] = [:]
    var rules: [String] = []
    var records: Int?
    var malformedLines: Int?
    var warnings: [String] = []
    var error: String?

    func json() -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("path"); w.string(path)
            w.key("output"); if let output { w.string(output) } else { w.null() }
            w.key("status"); w.string(state.rawValue)
            w.key("bytesIn"); w.int(bytesIn)
            w.key("bytesOut"); w.int(bytesOut)
            w.key("encoding"); if let encoding { w.string(encoding) } else { w.null() }
            if let mode { w.key("mode"); w.string(mode) }
            w.key("blocksRemoved"); w.object { w in for (k, n) in removed.sorted(by: { $0.key < $1.key }) { w.key(k); w.int(n) } }
            w.key("rules"); w.array { w in for r in rules { w.string(r) } }
            if let records { w.key("records"); w.int(records) }
            if let malformedLines { w.key("malformedLines"); w.int(malformedLines) }
            if !warnings.isEmpty { w.key("warnings"); w.array { w in for m in warnings { w.string(m) } } }
            w.key("error"); if let error { w.string(error) } else { w.null() }
        }
        return w.output + [0x0A]
    }
}

/// Raised inside a worker when Ctrl-C asked to stop: the file is abandoned, its temporary file removed.
struct Interrupted: Error {}

final class BatchRun: @unchecked Sendable {
    let settings: BatchSettings
    let showProgress: Bool
    let temporaries = TemporaryFiles()
    let stopping = Locked(false)

    init(settings: BatchSettings, showProgress: Bool) {
        self.settings = settings
        self.showProgress = showProgress
    }

    var stopRequested: Bool { stopping.withLock { $0 } }

    func run(cleaners: [Handoff<Cleaner>]) -> Status {
        let jobs = BoundedQueue<String>(capacity: 4 * cleaners.count)
        let results = BoundedQueue<FileResult>(capacity: 1 << 16)
        handleSignals(jobs: jobs)
        let started = now()

        var reportFile: (fd: Int32, path: String)?
        if let report = settings.report {
            // The report's folder may not exist yet (e.g. a new folder beside OUT): create it, as OUT is.
            let folder = (resolvedPath(report) as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            do { reportFile = try temporaries.create(beside: resolvedPath(report)) } catch let error as CLIError { fail(error) } catch { fail(CLIError(message: "\(error)", status: .output)) }
        }

        // Totals for the progress line: a separate walk that only counts, so cleaning starts at once.
        let totals = Locked<(files: Int, bytes: Int)?>(nil)
        if showProgress {
            let settings = self.settings
            Thread.detachNewThread {
                var files = 0, bytes = 0
                settings.walk(visit: { _, size in files += 1; bytes += size; return true }, failure: { _, _ in })
                totals.withLock { $0 = (files, bytes) }
            }
        }

        // The producer: walks IN and feeds the bounded queue.
        let producer = Thread { [self] in
            settings.walk(visit: { relative, _ in jobs.push(relative) }, failure: { folder, message in
                results.push(FileResult(path: folder.isEmpty ? "." : folder, state: .failed, error: message))
            })
            jobs.close()
        }
        producer.start()

        let running = Locked(cleaners.count)
        for handoff in cleaners {
            let worker = Thread { [self] in
                let cleaner = handoff.value
                while let relative = jobs.pop() {
                    if stopRequested { continue }
                    do { results.push(try process(relative, cleaner: cleaner)) } catch {}  // Interrupted: abandoned
                }
                if running.withLock({ $0 -= 1; return $0 == 0 }) { results.close() }
            }
            worker.stackSize = 16 << 20
            worker.start()
        }

        // This thread reports: report lines, progress, the summary.
        var progress = ProgressLine()
        var counts: [FileResult.State: Int] = [:]
        var bytesIn = 0, bytesOut = 0, done = 0
        var reportOK = true
        while true {
            if let result = results.pop(until: Date(timeIntervalSinceNow: 0.1)) {
                counts[result.state, default: 0] += 1
                done += 1
                bytesIn += result.bytesIn
                bytesOut += result.bytesOut
                if result.state == .failed || result.state == .partial, let error = result.error {
                    if showProgress { progress.finish() }
                    FileHandle.standardErrorWrite("boilerclean: \(result.path): \(error)\n")
                }
                if let fd = reportFile?.fd { reportOK = result.json().withUnsafeBytes { writeAll(fd, $0) } && reportOK }
            } else if results.isFinished {
                break
            }
            if showProgress {
                let t = totals.withLock { $0 }
                progress.draw(files: done, bytes: bytesIn, totalFiles: t?.files, totalBytes: t?.bytes, elapsed: now() - started)
            }
        }
        if showProgress { progress.finish() }
        let interrupted = stopRequested
        var status = Status.success
        if let reportFile, let report = settings.report {
            close(reportFile.fd)
            do {
                guard reportOK else { throw CLIError(message: "\(report): write failed", status: .output) }
                try temporaries.commit(reportFile.path, to: resolvedPath(report))
            } catch {
                temporaries.abandon(reportFile.path)
                FileHandle.standardErrorWrite("boilerclean: cannot write the report: \(error)\n")
                status = .output
            }
        }

        let elapsed = now() - started
        let cleaned = counts[.cleaned, default: 0], skipped = counts[.skipped, default: 0]
        let failed = counts[.failed, default: 0], partial = counts[.partial, default: 0]
        let mb = Double(bytesIn) / 1_000_000
        var summary = "boilerclean: batch: \(done) files: \(cleaned + partial) cleaned"
        if partial > 0 { summary += " (\(partial) with malformed JSON lines)" }
        summary += ", \(skipped) up to date, \(failed) failed; "
        summary += String(format: "%.1f MB in, %.1f MB out, %.2f s, %.1f MB/s, %.0f files/s, %d jobs",
                          mb, Double(bytesOut) / 1_000_000, elapsed, elapsed > 0 ? mb / elapsed : 0, elapsed > 0 ? Double(done - skipped) / elapsed : 0, settings.jobs)
        if interrupted { summary += "; interrupted, files in progress abandoned" }
        FileHandle.standardErrorWrite(summary + "\n")

        if interrupted { exit(130) }
        if status != .success { return status }
        if failed > 0 && failed * 10 >= done * 9 { return .mostFailed }
        if failed > 0 || partial > 0 { return .inputError }
        return .success
    }

    /// SIGINT and SIGTERM are taken by a thread that waits for them: the first asks to stop after the
    /// files in progress, the second removes the temporary files and exits.
    private func handleSignals(jobs: BoundedQueue<String>) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)   // inherited by every thread started after this
        let waiter = Thread { [self] in
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            var received: Int32 = 0
            var count = 0
            while sigwait(&set, &received) == 0 {
                count += 1
                if count == 1 {
                    stopping.withLock { $0 = true }
                    jobs.close()
                } else {
                    temporaries.removeAllAndExit(status: 130)
                }
            }
        }
        waiter.start()
    }

    func process(_ relative: String, cleaner: Cleaner) throws(Interrupted) -> FileResult {
        let inputPath = settings.inputRoot + "/" + relative
        let outputRelative = settings.outputRelative(relative)
        let outputPath = settings.outputRoot + "/" + outputRelative
        var result = FileResult(path: relative, output: outputRelative, state: .cleaned)
        var st = stat()
        guard stat(inputPath, &st) == 0 else {
            result.state = .failed; result.output = nil
            result.error = String(cString: strerror(errno))
            return result
        }
        result.bytesIn = Int(st.st_size)
        var out = stat()
        if !settings.force, stat(outputPath, &out) == 0, isNewer(out.st_mtim, than: st.st_mtim) {
            result.state = .skipped
            return result
        }
        do {
            if settings.isJSONLines(relative) {
                try cleanJSONLines(inputPath, to: outputPath, cleaner: cleaner, result: &result)
            } else {
                try cleanText(inputPath, to: outputPath, cleaner: cleaner, result: &result)
            }
        } catch let error as Interrupted {
            throw error
        } catch let error as CLIError {
            result.state = .failed; result.output = nil
            result.error = error.message.hasPrefix(inputPath + ": ") ? String(error.message.dropFirst(inputPath.count + 2)) : error.message
        } catch let error as StreamError {
            result.state = .failed; result.output = nil
            result.error = error.message.hasPrefix(inputPath + ": ") ? String(error.message.dropFirst(inputPath.count + 2)) : error.message
        } catch {
            result.state = .failed; result.output = nil
            result.error = "\(error)"
        }
        return result
    }

    private func cleanText(_ inputPath: String, to outputPath: String, cleaner: Cleaner, result: inout FileResult) throws {
        let raw = try readWholeFile(inputPath)
        let decoded: DecodedText
        do { decoded = try TextDecoder.decode(raw, encoding: settings.encoding) } catch {
            throw CLIError(message: error.description, status: .inputError)
        }
        result.encoding = decoded.encoding
        let cleaned = cleaner.clean(utf8: decoded.bytes)
        result.mode = cleaned.mode.rawValue
        result.warnings = (decoded.note.map { [$0] } ?? []) + cleaned.warnings
        var rules: Set<String> = []
        for verdict in cleaned.verdicts where !verdict.keep {
            result.removed[verdict.kind?.rawValue ?? "unclassified", default: 0] += 1
            rules.formUnion(verdict.rules)
        }
        result.rules = rules.sorted()
        let bytes = settings.format == .json ? cleaned.jsonReport(source: result.path, encoding: decoded.encoding) + [0x0A] : cleaned.output()
        result.bytesOut = bytes.count
        try writeAtomically(outputPath) { fd in bytes.withUnsafeBytes { writeAll(fd, $0) } }
    }

    private func cleanJSONLines(_ inputPath: String, to outputPath: String, cleaner: Cleaner, result: inout FileResult) throws {
        let reader = LineReader(try ByteStream(path: inputPath))
        let records = RecordCleaner(cleaner: cleaner, fields: settings.fields)
        var malformed: [Int] = []
        try writeAtomically(outputPath) { fd in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var ok = true
            while try reader.next({ line in
                switch records.clean(line: line) {
                case .unchanged: buffer.append(contentsOf: line)
                case .rewritten(let bytes): buffer.append(contentsOf: bytes)
                case .malformed: buffer.append(contentsOf: line); malformed.append(reader.lineNumber)
                }
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    ok = ok && buffer.withUnsafeBytes { writeAll(fd, $0) }
                    result.bytesOut += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                    if stopRequested { throw Interrupted() }
                }
            }) {}
            ok = ok && buffer.withUnsafeBytes { writeAll(fd, $0) }
            result.bytesOut += buffer.count
            return ok
        }
        let s = records.statistics
        result.encoding = "UTF-8"
        result.records = s.records
        result.malformedLines = s.malformed
        result.removed = s.blocksRemoved
        result.rules = s.rules.sorted()
        if !malformed.isEmpty {
            result.state = .partial
            let lines = malformed.prefix(10).map(String.init).joined(separator: ", ")
            result.error = "\(malformed.count) malformed JSON lines passed through unchanged (lines \(lines)\(malformed.count > 10 ? ", …" : ""))"
        }
    }

    /// Writes through a temporary file in the target folder, renamed over the target when complete.
    private func writeAtomically(_ target: String, _ write: (Int32) throws -> Bool) throws {
        let folder = (target as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw CLIError(message: "cannot create \(folder)", status: .output)
        }
        let (fd, temporary) = try temporaries.create(beside: target)
        do {
            guard try write(fd) else { throw CLIError(message: "\(target): \(String(cString: strerror(errno)))", status: .output) }
            close(fd)
        } catch {
            close(fd)
            temporaries.abandon(temporary)
            throw error
        }
        if stopRequested {
            temporaries.abandon(temporary)
            throw Interrupted()
        }
        try temporaries.commit(temporary, to: target)
    }
}

/// Reads a file into an array of exactly its size. (`readInput`'s 1 MiB scratch buffer is a fresh
/// mmap per call; with several threads the page faults and unmaps serialise them on the address space.)
func readWholeFile(_ path: String) throws(CLIError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw CLIError(message: "\(path): \(String(cString: strerror(errno)))", status: .inputError) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw CLIError(message: "\(path): \(String(cString: strerror(errno)))", status: .inputError) }
    // Exactly the size, then whatever a growing file added.
    var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
    var count = 0
    while true {
        if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2))) }
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw CLIError(message: "\(path): \(String(cString: strerror(errno)))", status: .inputError)
        }
        if n == 0 { break }
        count += n
    }
    bytes.removeLast(bytes.count - count)
    return bytes
}

func isNewer(_ a: timespec, than b: timespec) -> Bool {
    a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The absolute path with symbolic links resolved as far as the path exists.
func resolvedPath(_ path: String) -> String {
    var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var missing: [String] = []
    while realPath(absolute) == nil, absolute != "/", !absolute.isEmpty {
        missing.insert((absolute as NSString).lastPathComponent, at: 0)
        absolute = (absolute as NSString).deletingLastPathComponent
    }
    let base = realPath(absolute) ?? absolute
    var result = base
    for component in missing where component != "." {
        if component == ".." { result = (result as NSString).deletingLastPathComponent } else { result = (result as NSString).appendingPathComponent(component) }
    }
    return result
}

/// Whether `inner` is `outer` or below it.
func contains(_ outer: String, _ inner: String) -> Bool {
    inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
}
