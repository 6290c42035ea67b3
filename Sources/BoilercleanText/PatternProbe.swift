/// Exact pre-filters written by hand for four built-in patterns that ICU is asked about most often and
/// that rarely match: on the callgrind sample, the camera file name (2,189 ICU calls, no match), the time
/// glued to a list item's first word (1,751, none), the bracketed date at a headline's end (1,363, 12
/// matches) and the advertising slot's size (746, none) took about 40% of ICU's regex time, mostly its
/// fixed cost per call. The generic filters
/// (`ICURegex.startBytes(of:)`, `RegexTail`, `FinalScalars`) cannot tell these apart from the text, as they
/// read `\d` as any character.
///
/// A probe says "cannot match" (false) only when it has proved so; anything it does not know for sure
/// makes it say "may match" (true), and ICU decides. Its proofs read ASCII bytes only:
/// - ICU compiles rule patterns case-insensitively, without multi-line mode: `^` is the start of the text,
///   `$` its end (or before a line terminator at its end, which `\s*` takes anyway).
/// - On an ASCII byte, `\d` matches exactly 0-9, `\p{Lu}` A-Z and `\p{Ll}` a-z; an ASCII letter in the
///   pattern matches a text byte b case-insensitively exactly when b | 0x20 is that letter in lower case;
///   digits and punctuation have no case variants. A byte from 0x80 up is part of a character that may
///   be a digit, a letter, white space or fold to ASCII ("ﬀ" folds to "ff"): unknown.
/// - `\s` matches tab, line feed, form feed, carriage return and space (`isSpace`) whichever definition
///   ICU uses (`[\t\n\f\r\p{Z}]` or White_Space); other control bytes are unknown where `\s*` could
///   take them, and known not to be digits, letters or punctuation elsewhere.
/// The pattern texts must be exactly the built-in rules': a rule whose pattern is edited gets no probe
/// (and `PatternProbeTests` notices).
public enum PatternProbe: CaseIterable, Sendable {
    /// common.camera-file-name.
    case cameraFileName
    /// common.glued-time-list-item.
    case gluedTime
    /// common.timestamped-headline.
    case bracketedDate
    /// common.ad-slot-size.
    case adSlotSize

    public var pattern: String {
        switch self {
        case .cameraFileName:
            #"^\s*(?:(?:img|dsc|dscn|dscf|pict|gopr|mvi|pxl|cimg|imag)[ _-]?\d{3,}(?:[ _-]\d+)*(?:\.(?:jpe?g|png|gif|webp|heic|tiff?|bmp))?|\d{2,}(?:[ _-]\d+)*\.(?:jpe?g|png|gif|webp|heic|tiff?|bmp))\s*$"#
        case .gluedTime:
            #"^\s*(?:[0-2]?\d:[0-5]\d|[0-3]\d/[01]\d)(?-i:(?=\p{Lu}\p{Ll}{2}))"#
        case .adSlotSize:
            #"^\s*(?:(?:banner|ad|ads|advert|anúncio|anuncio|publicidade|publicidad|werbung|anzeige|annonce|pub|pubblicità|reklama|reklam|광고|广告|廣告)\s*[-:]?\s*)?(?:(?:728|970|468|336|320|300|250|234|160|120)\s*[x×X]\s*(?:600|280|250|240|100|90|60|50)|반응형)\s*$"#
        case .bracketedDate:
            #"[(\[]\s*(?:\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\s*[-–,]?\s*\d{1,2}:\d{2}|\d{1,2}:\d{2}\s*[-–,]?\s*\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)\s*[)\]]\s*$"#
        }
    }

    /// The probe for exactly this pattern text, if any.
    public init?(pattern: String) {
        guard let probe = Self.allCases.first(where: { $0.pattern == pattern }) else { return nil }
        self = probe
    }

    /// False when the pattern cannot match the UTF-8 text; true when ICU must be asked.
    public func mayMatch(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .cameraFileName: return Self.cameraFileName(t)
        case .gluedTime: return Self.gluedTime(t)
        case .bracketedDate: return Self.bracketedDate(t)
        case .adSlotSize: return Self.adSlotSize(t)
        }
    }

    /// The five bytes `\s` matches under any definition.
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }

    /// Printable ASCII other than the space: never white space, and known to every test below.
    @inline(__always)
    static func isPrintable(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `^\s*(?:(?:img|dsc|dscn|dscf|pict|gopr|mvi|pxl|cimg|imag)[ _-]?\d{3,}(?:[ _-]\d+)*(?:\.EXT)?|\d{2,}(?:[ _-]\d+)*\.EXT)\s*$`
    /// with EXT = `(?:jpe?g|png|gif|webp|heic|tiff?|bmp)`: the match is the text without its leading
    /// and trailing white space, so its first and last characters are the text's first and last that are
    /// not. The first alternative starts with i, d, p, g, m or c and ends with a digit or an extension's
    /// last letter (g, f, p, c); the second starts with a digit and ends with such a letter.
    static func cameraFileName(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = 0, e = t.count
        while s < e && isSpace(t[s]) { s += 1 }
        while e > s && isSpace(t[e - 1]) { e -= 1 }
        guard s < e else { return true }
        let first = t[s], last = t[e - 1]
        guard isPrintable(first), isPrintable(last) else { return true }
        let l = last | 0x20
        let endsInExtension = l == 0x67 || l == 0x66 || l == 0x70 || l == 0x63   // g f p c
        let f = first | 0x20
        let opensWithName = f == 0x69 || f == 0x64 || f == 0x70 || f == 0x67 || f == 0x6D || f == 0x63   // i d p g m c
        return (opensWithName && (isDigit(last) || endsInExtension)) || (isDigit(first) && endsInExtension)
    }

    /// `^\s*(?:[0-2]?\d:[0-5]\d|[0-3]\d/[01]\d)(?-i:(?=\p{Lu}\p{Ll}{2}))`: after the leading white space, a
    /// time (d:dd or dd:dd) or a day and month (dd/dd), then, case-sensitively, an upper-case letter and
    /// two lower-case ones. With the first five characters after the white space ASCII, the three ways
    /// the time or date can be read are tried; each must be followed by three ASCII letters (or bytes
    /// from 0x80 up, unknown).
    static func gluedTime(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = t.count
        var s = 0
        while s < n && isSpace(t[s]) { s += 1 }
        guard s < n, t[s] > 0x20, t[s] < 0x80 else { return s < n }   // nothing left: no match
        // Bytes from 0x80 up among the first five: a digit elsewhere in Unicode may stand there.
        var k = s
        while k < n && k < s + 5 {
            if t[k] >= 0x80 { return true }
            k += 1
        }
        func at(_ i: Int) -> UInt8 { s + i < n ? t[s + i] : 0 }
        func digit(_ i: Int, _ top: UInt8 = 0x39) -> Bool { at(i) >= 0x30 && at(i) <= top }
        /// The look-ahead at offset i: a letter and two more (any case: a superset of what `\p{Lu}\p{Ll}{2}`
        /// matches on ASCII, whether or not the group turns case-insensitive matching off).
        func lookAhead(_ i: Int) -> Bool {
            for j in i...i + 2 {
                let b = at(j)   // 0 past the end
                if b >= 0x80 { return true }
                guard (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A else { return false }
            }
            return true
        }
        // [0-2]\d:[0-5]\d, \d:[0-5]\d, [0-3]\d/[01]\d.
        if digit(0, 0x32) && digit(1) && at(2) == 0x3A && digit(3, 0x35) && digit(4) && lookAhead(5) { return true }
        if digit(0) && at(1) == 0x3A && digit(2, 0x35) && digit(3) && lookAhead(4) { return true }
        if digit(0, 0x33) && digit(1) && at(2) == 0x2F && digit(3, 0x31) && digit(4) && lookAhead(5) { return true }
        return false
    }

    /// `[(\[]\s*(?:DATE\s*[-–,]?\s*\d{1,2}:\d{2}|\d{1,2}:\d{2}\s*[-–,]?\s*DATE)\s*[)\]]\s*$` with DATE =
    /// `\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?`: read from the end, the text's last character that is not
    /// white space is ) or ], white space may stand before it, and before that the match's last digits:
    /// `\d{2}` after ":" or `\d{1,2}` / `\d{2,4}` after one of / . -. As that character is no digit, the
    /// digits are all of the ASCII digits there (one to four) and the byte before them is the separator.
    static func bracketedDate(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var e = t.count
        while e > 0 && isSpace(t[e - 1]) { e -= 1 }
        guard e > 0 else { return true }
        let close = t[e - 1]
        guard isPrintable(close) else { return true }
        guard close == 0x29 || close == 0x5D else { return false }
        var j = e - 1
        while j > 0 && isSpace(t[j - 1]) { j -= 1 }
        guard j > 0 else { return false }   // nothing before the bracket: no opening one
        var start = j
        while start > 0 && isDigit(t[start - 1]) { start -= 1 }
        let digits = j - start
        guard start > 0 else { return false }   // no separator before the digits (nor an opening bracket)
        let before = t[start - 1]
        // A byte from 0x80 up: a digit or white space elsewhere in Unicode may stand there; another
        // control byte may be white space that `\s*` takes (only right before the bracket).
        if before >= 0x80 || (digits == 0 && before <= 0x20) || before == 0x7F { return true }
        guard digits >= 1 && digits <= 4 else { return false }
        return before == 0x3A || before == 0x2F || before == 0x2E || before == 0x2D
    }

    /// `^\s*(?:LABEL\s*[-:]?\s*)?(?:(?:728|970|…|120)\s*[x×X]\s*(?:600|280|250|240|100|90|60|50)|반응형)\s*$`:
    /// read from the end, the text's last characters that are not white space are the match's last
    /// number or 반응형 (bytes from 0x80 up: unknown). The number is literal ASCII digits with white space
    /// or x before it, so it is all of the ASCII digits there; before it and any white space stands x or
    /// X (or × and Unicode white space, from 0x80 up).
    static func adSlotSize(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var e = t.count
        while e > 0 && isSpace(t[e - 1]) { e -= 1 }
        guard e > 0 else { return true }
        guard isPrintable(t[e - 1]) else { return true }
        var start = e
        while start > 0 && isDigit(t[start - 1]) { start -= 1 }
        // The last number: 600 280 250 240 100 90 60 50.
        let length = e - start
        guard length == 2 || length == 3 else { return false }
        var value = 0
        for k in start..<e { value = value * 10 + Int(t[k] - 0x30) }
        guard (length == 3 && (value == 600 || value == 280 || value == 250 || value == 240 || value == 100))
                || (length == 2 && (value == 90 || value == 60 || value == 50)) else { return false }
        var j = start
        while j > 0 && isSpace(t[j - 1]) { j -= 1 }
        guard j > 0 else { return false }
        let before = t[j - 1]
        if !isPrintable(before) { return true }
        return before | 0x20 == 0x78   // x
    }
}
