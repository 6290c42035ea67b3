/// Where a JSON Lines record is not valid JSON.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    /// 0-based byte offset in the line.
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset + 1)" }
}

/// A field's place in a record, found without decoding or re-serialising anything else.
public enum FieldLocation: Equatable, Sendable {
    /// The value's bytes (for a string: including its quotes).
    case value(Range<Int>)
    /// Absent: a member can be inserted before the closing brace at `insertAt` of the deepest object on
    /// the path; `remaining` are the path components still missing below it.
    case missing(insertAt: Int, objectIsEmpty: Bool, remaining: [String])
    /// A component on the path exists but is not an object, so the field cannot be there.
    case blocked
}

/// One line of JSON Lines, validated as a single JSON object (RFC 8259) and searched in place.
public struct JSONRecord {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Offset of the top-level `{`.
    let objectStart: Int

    static let maxDepth = 512

    /// Validates the whole line: one JSON object, with only whitespace around it.
    public init(validating bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        self.bytes = bytes
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw JSONSyntaxError(offset: scanner.position, reason: scanner.atEnd ? "empty line" : "a record must be a JSON object")
        }
        objectStart = scanner.position
        try scanner.skipValue(depth: 0)
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw JSONSyntaxError(offset: scanner.position, reason: "unexpected data after the object") }
    }

    /// Finds `path` (object keys, outermost first). With duplicate keys the last one counts, as in most
    /// JSON readers.
    public func locate(_ path: [String]) -> FieldLocation {
        precondition(!path.isEmpty)
        var objectAt = objectStart
        var depth = 0
        while true {
            var scanner = JSONScanner(bytes, at: objectAt)
            var match: Range<Int>?
            var members = 0
            // The record was validated: scanning cannot fail.
            scanner.position += 1
            scanner.skipWhitespace()
            while scanner.peek != UInt8(ascii: "}") {
                if members > 0 { scanner.position += 1; scanner.skipWhitespace() }   // ","
                members += 1
                let key = try! scanner.scanString()
                scanner.skipWhitespace(); scanner.position += 1; scanner.skipWhitespace()  // ":"
                let valueStart = scanner.position
                try! scanner.skipValue(depth: 0)
                if JSONString.equals(UnsafeBufferPointer(rebasing: bytes[key]), path[depth]) { match = valueStart..<scanner.position }
                scanner.skipWhitespace()
            }
            guard let found = match else {
                return .missing(insertAt: scanner.position, objectIsEmpty: members == 0, remaining: Array(path[depth...]))
            }
            if depth == path.count - 1 { return .value(found) }
            guard bytes[found.lowerBound] == UInt8(ascii: "{") else { return .blocked }
            objectAt = found.lowerBound
            depth += 1
        }
    }
}

struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: min(position, bytes.count), reason: reason) }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONRecord.maxDepth else { throw error("nesting deeper than \(JSONRecord.maxDepth)") }
        guard let c = peek else { throw error("unexpected end of line") }
        switch c {
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if peek == UInt8(ascii: "}") { position += 1; return }
            while true {
                guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
                _ = try scanString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':'") }
                position += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                if peek == UInt8(ascii: "}") { position += 1; return }
                throw error(atEnd ? "unexpected end of line (unclosed object)" : "expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") { position += 1; return }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                if peek == UInt8(ascii: "]") { position += 1; return }
                throw error(atEnd ? "unexpected end of line (unclosed array)" : "expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try scanNumber()
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let n = word.utf8.count
        guard position + n <= bytes.count, UnsafeBufferPointer(rebasing: bytes[position..<(position + n)]).elementsEqual(word.utf8) else {
            throw error("invalid literal")
        }
        position += n
    }

    mutating func scanNumber() throws(JSONSyntaxError) {
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else {
            guard isDigit(peek) else { throw error("invalid number") }
            while isDigit(peek) { position += 1 }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard isDigit(peek) else { throw error("invalid number") }
            while isDigit(peek) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard isDigit(peek) else { throw error("invalid number") }
            while isDigit(peek) { position += 1 }
        }
    }

    /// Skips a string and returns its range including the quotes. Checks escapes and control characters.
    mutating func scanString() throws(JSONSyntaxError) -> Range<Int> {
        let start = position
        guard peek == UInt8(ascii: "\"") else { throw error("expected a string") }
        position += 1
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") { position += 1; return start..<position }
            if c == UInt8(ascii: "\\") {
                position += 1
                guard let e = peek else { break }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count, (1...4).allSatisfy({ JSONString.hexValue(bytes[position + $0]) != nil }) else {
                        throw error("invalid \\u escape")
                    }
                    position += 5
                default: throw error("invalid escape")
                }
                continue
            }
            if c < 0x20 { throw error("control character in a string") }
            // Skip ahead to the next quote or backslash.
            position += 1
        }
        throw error("unterminated string")
    }
}

/// JSON string contents <-> UTF-8 bytes.
public enum JSONString {
    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    /// Decodes a validated JSON string (with its quotes) to UTF-8. Lone surrogates and invalid UTF-8
    /// become U+FFFD.
    public static func decode(_ quoted: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let body = UnsafeBufferPointer(rebasing: quoted[1..<(quoted.count - 1)])
        guard body.contains(UInt8(ascii: "\\")) else { return validUTF8(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | hexValue(body[at + $1])! }
        }
        while i < body.count {
            let c = body[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= body.count, body[i] == UInt8(ascii: "\\"), body[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e)   // " \ /
            }
        }
        return out.withUnsafeBufferPointer { validUTF8($0) }
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// The bytes as they are when they are valid UTF-8, else with U+FFFD for invalid sequences.
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return Array(bytes)
            case .error: break loop
            }
        }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// Appends `bytes` (UTF-8) as a JSON string with its quotes. Non-ASCII text is written as is.
    public static func encode<C: Collection>(_ bytes: C, into out: inout [UInt8]) where C.Element == UInt8 {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): out.append(0x5C); out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether a quoted JSON key equals `key`.
    static func equals(_ quoted: UnsafeBufferPointer<UInt8>, _ key: String) -> Bool {
        let body = UnsafeBufferPointer(rebasing: quoted[1..<(quoted.count - 1)])
        if !body.contains(UInt8(ascii: "\\")) { return body.elementsEqual(key.utf8) }
        return decode(quoted).elementsEqual(key.utf8)
    }
}
