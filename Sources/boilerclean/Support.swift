import BoilercleanEngine
import BoilercleanRules
import BoilercleanText
import Foundation

/// Failure with a message for stderr and an exit status.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var status: Status
    var description: String { message }
}

func fail(_ error: CLIError) -> Never {
    FileHandle.standardErrorWrite("boilerclean: \(error.message)\n")
    exit(error.status.rawValue)
}

/// Reads a whole file or stdin ("-") as bytes, with a clear error.
func readInput(_ path: String) throws(CLIError) -> [UInt8] {
    let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
    if fd < 0 { throw CLIError(message: "\(path): \(String(cString: strerror(errno)))", status: .inputError) }
    defer { if fd != 0 { close(fd) } }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
        throw CLIError(message: "\(path): is a directory (use `boilerclean batch` for folders)", status: .inputError)
    }
    var bytes: [UInt8] = []
    let chunk = 1 << 20
    if st.st_size > 0 { bytes.reserveCapacity(Int(st.st_size)) }
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
        if n < 0 {
            if errno == EINTR { continue }
            throw CLIError(message: "\(path): \(String(cString: strerror(errno)))", status: .inputError)
        }
        if n == 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return bytes
}

/// Writes bytes to stdout; a closed pipe ends the program quietly, other failures with status 4.
func writeOut(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            if errno == EPIPE { exit(0) }
            fail(CLIError(message: "cannot write output: \(String(cString: strerror(errno)))", status: .output))
        }
        offset += n
    }
}

func writeOut(_ text: String) { writeOut(Array(text.utf8)) }

/// Rule files from a file or a folder (recursively: *.yaml, *.yml and stopwords/*.txt).
func ruleSources(at path: String) throws(CLIError) -> [RuleSource] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CLIError(message: "\(path): no such rule file or folder", status: .rules)
    }
    var files: [String] = []
    var hasRuleFile = false
    if isDirectory.boolValue {
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw CLIError(message: "\(path): cannot list folder", status: .rules)
        }
        for case let relative as String in walker {
            let isRule = relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")
            let isStopwords = relative.hasSuffix(".txt") && relative.split(separator: "/").dropLast().last == "stopwords"
            if isRule || isStopwords { files.append((path as NSString).appendingPathComponent(relative)) }
            hasRuleFile = hasRuleFile || isRule
        }
        // A folder without rule files would silently clean with no rules at all (with `--rules`: nothing removed).
        guard hasRuleFile else {
            throw CLIError(message: "\(path): no rule files (*.yaml, *.yml) in this folder", status: .rules)
        }
    } else {
        files = [path]
    }
    var sources: [RuleSource] = []
    for file in files.sorted() {
        let bytes = try readInput(file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError(message: "\(file): rule files must be UTF-8", status: .rules)
        }
        sources.append(RuleSource(path: file, contents: text))
    }
    return sources
}

/// Options shared by the commands that clean: rules, mode, encoding.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("Use the rules in this file or folder instead of the built-in ones.", valueName: "path"))
    var rules: String?

    @Option(name: .customLong("add-rules"), help: ArgumentHelp("Add the rules in this file or folder to the rule set (repeatable).", valueName: "path"))
    var addRules: [String] = []

    func sources() throws(CLIError) -> [RuleSource] {
        var sources = rules == nil ? Cleaner.defaultRuleSources(verified: true) : try ruleSources(at: rules!)
        for path in addRules { sources += try ruleSources(at: path) }
        return sources
    }

    func ruleSet() throws(CLIError) -> RuleSet {
        switch RuleSet.compile(try sources()) {
        case .success(let set): return set
        case .failure(let error):
            let errors = error.diagnostics.filter { $0.severity == .error }
            throw CLIError(message: "invalid rules:\n" + errors.map(\.description).joined(separator: "\n"), status: .rules)
        }
    }
}

struct CleaningArguments: ParsableArguments {
    @Option(help: ArgumentHelp("page: full page text (menus, footers…); extracted: an extractor's output (residue only); auto: decide per document.", valueName: "mode"))
    var mode: CleaningOptions.Mode = .auto

    @Option(help: ArgumentHelp("Read input in this encoding (e.g. GB18030, Shift_JIS) instead of detecting it.", valueName: "name"))
    var encoding: String?

    @Flag(help: "Accept empty output when the rules remove all text (by default such a document is left unchanged, with a warning).")
    var allowEmpty = false
}

extension CleaningOptions.Mode: ExpressibleByArgument {}

import ArgumentParser
