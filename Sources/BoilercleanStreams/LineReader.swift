#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a stream into lines. Holds one line plus one read chunk: memory follows the longest line,
/// not the input. A line that spans many reads is searched for its end only in the new bytes, and moved
/// at most once, so a single huge line costs linear time.
public final class LineReader {
    private let stream: ByteStream
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var scanned = 0
    private var finished = false
    /// 1-based number of the line last handed out.
    public private(set) var lineNumber = 0
    public var bytesRead: Int { stream.bytesRead }

    public init(_ stream: ByteStream, chunk: Int = 1 << 20) {
        self.stream = stream
        buffer = [UInt8](repeating: 0, count: max(chunk, 16))
    }

    /// Calls `body` with the next line's bytes (without "\n"; a "\r" before it stays) and returns true,
    /// or returns false at the end of input.
    public func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if scanned < end {
                let found = buffer.withUnsafeBytes { p -> Int? in
                    guard let hit = memchr(p.baseAddress! + scanned, 0x0A, end - scanned) else { return nil }
                    return p.baseAddress!.distance(to: UnsafeRawPointer(hit))
                }
                if let newline = found {
                    lineNumber += 1
                    let lineStart = start
                    start = newline + 1
                    scanned = start
                    try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<newline])) }
                    return true
                }
                scanned = end
            }
            if finished {
                guard start < end else { return false }
                lineNumber += 1
                let lineStart = start, lineEnd = end
                start = end
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<lineEnd])) }
                return true
            }
            if start > 0 {
                let count = end - start
                if count > 0 { buffer.withUnsafeMutableBytes { p in _ = memmove(p.baseAddress!, p.baseAddress! + start, count) } }
                scanned -= start
                end = count
                start = 0
            }
            if end == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let n = try buffer.withUnsafeMutableBytes { p in
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: p[end...]))
            }
            if n == 0 { finished = true }
            end += n
        }
    }
}
