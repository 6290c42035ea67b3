import CICU

/// Text decoded to UTF-8, with how it was decoded.
public struct DecodedText: Sendable {
    /// UTF-8 bytes, without a byte-order mark.
    public var bytes: [UInt8]
    /// The encoding the input was read as ("UTF-8", "GB18030", "Shift_JIS", ...).
    public var encoding: String
    /// How the encoding was chosen: "utf-8", "bom", "detected", "given".
    public var source: String
    /// ICU's confidence (0–100) when the encoding was detected.
    public var confidence: Int?
    /// Invalid byte sequences replaced by U+FFFD while converting.
    public var substitutions: Int

    /// What a user should hear about how the input was read: a guessed charset, or damaged bytes
    /// replaced with U+FFFD. Nil for clean UTF-8 or an encoding given with --encoding and read without damage.
    public var note: String? {
        var parts: [String] = []
        if source == "detected" { parts.append("not UTF-8; read as \(encoding) (confidence \(confidence ?? 0))") }
        if substitutions > 0 {
            let what = substitutions == 1 ? "1 invalid byte sequence" : "\(substitutions) invalid byte sequences"
            parts.append("\(what) in \(encoding) replaced with U+FFFD")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

public enum DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The input holds NUL bytes or many control characters: it is not text.
    case binary(offset: Int)
    /// Not valid UTF-8 and no encoding could be detected with any confidence.
    case undetectable
    /// `--encoding` named an encoding ICU does not know.
    case unknownEncoding(String)
    /// The input was too damaged to decode in the named encoding.
    case invalid(encoding: String, substitutions: Int)

    public var description: String {
        switch self {
        case .binary(let offset): return "binary input (NUL or control bytes near byte \(offset)); not cleaned"
        case .undetectable: return "not valid UTF-8 and its encoding could not be detected; name it with --encoding"
        case .unknownEncoding(let name): return "unknown encoding '\(name)'"
        case .invalid(let encoding, let n): return "too many invalid byte sequences for \(encoding) (\(n) replaced); name the encoding with --encoding"
        }
    }
}

public enum TextDecoder {
    /// Decodes raw input. UTF-8 (with or without BOM) passes through untouched; UTF-16 with a BOM is
    /// converted; otherwise ICU's detector picks the charset and `ucnv` converts it.
    public static func decode(_ input: [UInt8], encoding given: String? = nil) throws(DecodingError) -> DecodedText {
        if let given, !given.isEmpty {
            let normalised = given.uppercased().replacingUTF8Aliases()
            if normalised == "UTF-8" {
                var bytes = input
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                if let bad = firstBinaryByte(bytes) { throw .binary(offset: bad) }
                if isValidUTF8(bytes) { return DecodedText(bytes: bytes, encoding: "UTF-8", source: "given", confidence: nil, substitutions: 0) }
                return try convert(bytes, from: "UTF-8", source: "given", confidence: nil)
            }
            guard cicu_charset_known(given) != 0 else { throw .unknownEncoding(given) }
            return try convert(input, from: given, source: "given", confidence: nil)
        }
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            let bytes = Array(input.dropFirst(3))
            if let bad = firstBinaryByte(bytes) { throw .binary(offset: bad + 3) }
            if isValidUTF8(bytes) { return DecodedText(bytes: bytes, encoding: "UTF-8", source: "bom", confidence: nil, substitutions: 0) }
            return try convert(bytes, from: "UTF-8", source: "bom", confidence: nil)
        }
        if input.starts(with: [0xFF, 0xFE]) { return try convert(Array(input.dropFirst(2)), from: "UTF-16LE", source: "bom", confidence: nil) }
        if input.starts(with: [0xFE, 0xFF]) { return try convert(Array(input.dropFirst(2)), from: "UTF-16BE", source: "bom", confidence: nil) }
        if let bad = firstBinaryByte(input) { throw .binary(offset: bad) }
        if isValidUTF8(input) { return DecodedText(bytes: input, encoding: "UTF-8", source: "utf-8", confidence: nil, substitutions: 0) }
        // UTF-8 with a few damaged sequences (a character cut at a truncation point, a stray byte from
        // another encoding) is still UTF-8: the damage is replaced with U+FFFD and counted, rather than
        // the whole text being guessed into another charset, which would garble every valid character.
        let (sequences, damaged) = utf8Sequences(input)
        if sequences >= 2 * damaged {
            return try convert(input, from: "UTF-8", source: "utf-8", confidence: nil)
        }

        var name = [CChar](repeating: 0, count: 64)
        let confidence = input.withUnsafeBufferPointer { b in
            name.withUnsafeMutableBufferPointer { cicu_detect_charset(b.baseAddress, Int64(b.count), $0.baseAddress, Int32($0.count)) }
        }
        guard confidence >= 10 else { throw .undetectable }
        var charset = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // ICU reports ISO-8859-1 for text that is almost always windows-1252 on the web (curly quotes).
        if charset == "ISO-8859-1" { charset = "windows-1252" }
        return try convert(input, from: charset, source: "detected", confidence: Int(confidence))
    }

    private static func convert(_ input: [UInt8], from charset: String, source: String, confidence: Int?) throws(DecodingError) -> DecodedText {
        var capacity = input.count * 3 + 16
        var substitutions: Int64 = 0
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            let n = input.withUnsafeBufferPointer { i in
                out.withUnsafeMutableBufferPointer { o in
                    cicu_convert_to_utf8(charset, i.baseAddress, Int64(i.count), o.baseAddress, Int64(o.count), &substitutions)
                }
            }
            if n < 0 { throw .unknownEncoding(charset) }
            if Int(n) <= capacity {
                out.removeSubrange(Int(n)...)
                // A conversion that had to replace more than a few percent of the input is a wrong guess.
                if substitutions > 8 && Int(substitutions) * 20 > input.count {
                    throw .invalid(encoding: charset, substitutions: Int(substitutions))
                }
                if let bad = firstBinaryByte(out) { throw .binary(offset: bad) }
                return DecodedText(bytes: out, encoding: charset, source: source, confidence: confidence, substitutions: Int(substitutions))
            }
            capacity = Int(n) + 16
        }
        throw .invalid(encoding: charset, substitutions: Int(substitutions))
    }

    /// Encodes text in a charset ICU knows (the inverse of decoding; used to build test inputs).
    public static func encode(_ text: String, as charset: String) -> [UInt8]? {
        let input = Array(text.utf8)
        var capacity = input.count * 4 + 16
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            let n = input.withUnsafeBufferPointer { i in
                out.withUnsafeMutableBufferPointer { o in cicu_convert_from_utf8(charset, i.baseAddress, Int64(i.count), o.baseAddress, Int64(o.count)) }
            }
            if n < 0 { return nil }
            if Int(n) <= capacity { return Array(out[0..<Int(n)]) }
            capacity = Int(n) + 16
        }
        return nil
    }

    /// The offset of the first sign that the bytes are not text: a NUL byte, or (in the first 64 KiB) a
    /// share of C0 control characters other than tab, line feed, form feed and carriage return above 10%.
    public static func firstBinaryByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            if let nul = memchrIndex(b, 0) { return nul }
            let sample = min(b.count, 65536)
            var controls = 0
            var first = -1
            for i in 0..<sample {
                let c = b[i]
                if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0C && c != 0x0D && c != 0x1B {
                    controls += 1
                    if first < 0 { first = i }
                }
            }
            return (sample > 0 && controls * 10 > sample) ? first : nil
        }
    }

    private static func memchrIndex(_ b: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Int? {
        guard let base = b.baseAddress, b.count > 0 else { return nil }
        guard let p = memchr(base, Int32(byte), b.count) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// Counts the well-formed multi-byte UTF-8 sequences and the bytes that start no well-formed
    /// sequence. Text in a legacy single- or double-byte encoding has few of the first; damaged UTF-8
    /// has many more of the first than of the second.
    public static func utf8Sequences(_ bytes: [UInt8]) -> (wellFormed: Int, damaged: Int) {
        bytes.withUnsafeBufferPointer { b in
            var i = 0, good = 0, bad = 0
            while i < b.count {
                if b[i] < 0x80 { i += 1; continue }
                if let length = sequenceLength(b, at: i) { good += 1; i += length } else { bad += 1; i += 1 }
            }
            return (good, bad)
        }
    }

    /// UTF-8 validation with an ASCII fast path (8 bytes at a time).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            guard let base = b.baseAddress else { return true }
            while i < n {
                if i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080808080808080 == 0 { i += 8; continue }
                }
                if b[i] < 0x80 { i += 1; continue }
                guard let length = sequenceLength(b, at: i) else { return false }
                i += length
            }
            return true
        }
    }

    /// The length of the well-formed multi-byte sequence that starts at `i` (a byte of 0x80 or more),
    /// or nil: a stray continuation byte, a truncated sequence, an overlong form, a surrogate or a
    /// scalar beyond U+10FFFF.
    @inline(__always)
    private static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let c = b[i]
        var need = 0
        var minimum: UInt32 = 0
        var scalar: UInt32 = 0
        if c & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(c & 0x1F) }
        else if c & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(c & 0x0F) }
        else if c & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(c & 0x07) }
        else { return nil }
        if i + need >= b.count { return nil }
        for k in 1...need {
            let d = b[i + k]
            if d & 0xC0 != 0x80 { return nil }
            scalar = (scalar << 6) | UInt32(d & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar < 0xE000) { return nil }
        return need + 1
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    fileprivate func replacingUTF8Aliases() -> String {
        switch self {
        case "UTF8", "UTF-8", "UTF_8": return "UTF-8"
        default: return self
        }
    }
}
