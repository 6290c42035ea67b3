// Throughput benchmark: cleans the eval pages (text output) with a release build on one core.
//
//   swift run -c release boilerclean-bench [--runs N] [--mode page|extracted|auto] [--files SUFFIX] [--analyze-only] [EVAL_DIR]
//
// Reports the median of N runs for two shapes of the same bytes: every page as its own document, and
// all pages concatenated into one document. Also reports peak resident memory.
import BoilercleanEngine
import BoilercleanText
import Foundation

var runs = 5
var mode = CleaningOptions.Mode.auto
var suffix = ".page.txt"
var root = "../shared/eval"
var analyzeOnly = false
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--runs": runs = Int(arguments.removeFirst()) ?? 5
    case "--mode": mode = CleaningOptions.Mode(rawValue: arguments.removeFirst()) ?? .auto
    case "--files": suffix = arguments.removeFirst()
    case "--analyze-only": analyzeOnly = true
    default: root = a
    }
}

var pages: [[UInt8]] = []
let fm = FileManager.default
for dataset in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() {
    let dir = (root as NSString).appendingPathComponent(dataset)
    for name in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() where name.hasSuffix(suffix) {
        if let data = fm.contents(atPath: (dir as NSString).appendingPathComponent(name)) {
            pages.append(Array(data))
        }
    }
}
guard !pages.isEmpty else {
    FileHandle.standardError.write("no *\(suffix) files under \(root)\n".data(using: .utf8)!)
    exit(2)
}
let total = pages.reduce(0) { $0 + $1.count }
var concatenated: [UInt8] = []
concatenated.reserveCapacity(total + pages.count)
for p in pages { concatenated += p; concatenated.append(0x0A) }

let cleaner = try Cleaner(rules: try Cleaner.defaultRules(), options: CleaningOptions(mode: mode))
// The built-in rules' patterns are compiled on first use; compiled here, outside the timed and counted runs.
cleaner.prepare()
_ = cleaner.clean(utf8: pages[0])

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

// --analyze-only: time the text analysis alone (decoding excluded), to see where the time goes.
if analyzeOnly {
    let analyzer = try Analyzer(stopwords: try Cleaner.defaultRules().stopwords)
    var times: [Double] = []
    for _ in 0..<runs {
        let t = now()
        var blocks = 0
        for p in pages { blocks += analyzer.analyze(p).blocks.count }
        times.append(now() - t)
        if times.count == 1 { print("blocks: \(blocks)") }
    }
    let mb = Double(total) / 1_000_000
    print(String(format: "analysis only: median %.3f s  %7.1f MB/s", median(times), mb / median(times)))
    exit(0)
}

var perPage: [Double] = [], whole: [Double] = []
var kept = 0
for _ in 0..<runs {
    var t = now()
    kept = 0
    for p in pages { kept += cleaner.clean(utf8: p).output().count }
    perPage.append(now() - t)
    t = now()
    _ = cleaner.clean(utf8: concatenated).output()
    whole.append(now() - t)
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let mb = Double(total) / 1_000_000
print("input: \(pages.count) files, \(String(format: "%.1f", mb)) MB (\(suffix) under \(root)), mode \(mode.rawValue), \(runs) runs, ICU \(icuVersion)")
print(String(format: "per-page documents:   median %.3f s  %7.1f MB/s  %8.0f pages/s  (kept %.1f%% of bytes)",
             median(perPage), mb / median(perPage), Double(pages.count) / median(perPage), 100 * Double(kept) / Double(total)))
print(String(format: "one concatenated doc: median %.3f s  %7.1f MB/s", median(whole), mb / median(whole)))
print("peak resident memory: \(usage.ru_maxrss / 1024) MB")
