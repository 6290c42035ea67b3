#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCompression

/// A failure to read or decompress an input, with a message for the user.
public struct StreamError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The bytes of a file or of standard input, decompressed on the fly when they start with a gzip or zstd
/// magic number (whatever the file is called). Reads in fixed-size chunks: memory does not grow with input.
public final class ByteStream {
    public enum Compression: String, Sendable { case none, gzip, zstd }

    public let name: String
    public private(set) var compression: Compression = .none
    /// Bytes read from the file so far (compressed bytes for compressed input).
    public private(set) var bytesRead = 0

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var decompressor: OpaquePointer?
    private var raw: [UInt8]
    private var rawStart = 0, rawEnd = 0
    private var endOfFile = false
    private var atFrameBoundary = true

    /// Opens a file, or standard input for "-".
    public convenience init(path: String) throws(StreamError) {
        if path == "-" {
            try self.init(descriptor: 0, name: "<stdin>", owns: false)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw StreamError("\(path): \(String(cString: strerror(errno)))") }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw StreamError("\(path): is a directory")
        }
        try self.init(descriptor: fd, name: path, owns: true)
    }

    public init(descriptor: Int32, name: String, owns: Bool) throws(StreamError) {
        fd = descriptor
        self.name = name
        ownsDescriptor = owns
        raw = [UInt8](repeating: 0, count: 256 << 10)
        do {
            try fill()
            try detectCompression()
        } catch {
            if owns { close(descriptor) }
            throw error
        }
    }

    deinit {
        if let decompressor { bc_decompressor_close(decompressor) }
        if ownsDescriptor { close(fd) }
    }

    private func detectCompression() throws(StreamError) {
        // Magic numbers may straddle a short first read from a pipe: read until 4 bytes or the end.
        while rawEnd - rawStart < 4 && !endOfFile { try fill() }
        let head = Array(raw[rawStart..<min(rawEnd, rawStart + 4)])
        let format: Int32
        if head.starts(with: [0x1F, 0x8B]) {
            compression = .gzip; format = Int32(BC_FORMAT_GZIP)
        } else if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
            compression = .zstd; format = Int32(BC_FORMAT_ZSTD)
        } else {
            return
        }
        var message = [CChar](repeating: 0, count: 256)
        guard let d = bc_decompressor_open(format, &message, message.count) else {
            throw StreamError("\(name): \(cString(message))")
        }
        decompressor = d
    }

    /// Appends what the descriptor has to the raw buffer (compacting it first).
    private func fill() throws(StreamError) {
        if rawStart > 0 {
            if rawStart < rawEnd { raw.withUnsafeMutableBytes { p in _ = memmove(p.baseAddress!, p.baseAddress! + rawStart, rawEnd - rawStart) } }
            rawEnd -= rawStart
            rawStart = 0
        }
        if rawEnd == raw.count { return }
        while true {
            let n = raw.withUnsafeMutableBytes { p in systemRead(fd, p.baseAddress! + rawEnd, p.count - rawEnd) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StreamError("\(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { endOfFile = true }
            rawEnd += n
            bytesRead += n
            return
        }
    }

    /// Reads up to `buffer.count` bytes of (decompressed) input; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(StreamError) -> Int {
        guard buffer.count > 0 else { return 0 }
        guard let decompressor else {
            if rawStart == rawEnd && !endOfFile { try fill() }
            let n = min(rawEnd - rawStart, buffer.count)
            raw.withUnsafeBytes { p in buffer.baseAddress!.copyMemory(from: p.baseAddress! + rawStart, byteCount: n) }
            rawStart += n
            return n
        }
        var message = [CChar](repeating: 0, count: 256)
        while true {
            if rawStart == rawEnd && !endOfFile { try fill() }
            var consumed = 0, produced = 0
            let rc = raw.withUnsafeBytes { p in
                bc_decompress(decompressor, p.baseAddress!.assumingMemoryBound(to: UInt8.self) + rawStart, rawEnd - rawStart, &consumed,
                              buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.count, &produced, &message, message.count)
            }
            rawStart += consumed
            if rc < 0 { throw StreamError("\(name): corrupt \(compression.rawValue) data: \(cString(message))") }
            if rc == 1 { atFrameBoundary = true } else if consumed > 0 || produced > 0 { atFrameBoundary = false }
            if produced > 0 { return produced }
            if rc == 0 && consumed == 0 {
                // Needs more input.
                if endOfFile && rawStart == rawEnd {
                    if atFrameBoundary { return 0 }
                    throw StreamError("\(name): truncated \(compression.rawValue) data")
                }
                if !endOfFile { try fill() }
            }
            if endOfFile && rawStart == rawEnd && atFrameBoundary { return 0 }
        }
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

private func cString(_ chars: [CChar]) -> String {
    String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
