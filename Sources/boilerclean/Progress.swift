import Foundation

/// The progress line of `batch` on a terminal: files, megabytes, rate and time left, redrawn in place
/// on stderr at most ten times a second. Never used when stderr is not a terminal.
struct ProgressLine {
    private var lastDraw = 0.0
    private var drawn = false

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// `totalFiles`/`totalBytes` are nil while the counting walk is still running.
    mutating func draw(files: Int, bytes: Int, totalFiles: Int?, totalBytes: Int?, elapsed: Double, force: Bool = false) {
        guard force || elapsed - lastDraw >= 0.1 else { return }
        lastDraw = elapsed
        let mb = Double(bytes) / 1_000_000
        let rate = elapsed > 0 ? mb / elapsed : 0
        var line = "\r\u{1B}[K"
        if let totalFiles, let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytes) / Double(totalBytes))
            let width = 24
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += "\(files)/\(totalFiles) files  " + String(format: "%.1f/%.1f MB  %.1f MB/s", mb, Double(totalBytes) / 1_000_000, rate)
            if rate > 0 {
                let left = (Double(totalBytes) / 1_000_000 - mb) / rate
                line += "  ETA " + Self.clock(left)
            }
        } else {
            line += "\(files) files  " + String(format: "%.1f MB  %.1f MB/s  (counting…)", mb, rate)
        }
        FileHandle.standardErrorWrite(line)
        drawn = true
    }

    /// Clears the line so the summary starts on a clean one.
    mutating func finish() {
        if drawn { FileHandle.standardErrorWrite("\r\u{1B}[K") }
        drawn = false
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
