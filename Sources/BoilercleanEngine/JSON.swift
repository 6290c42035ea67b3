/// A minimal JSON writer: keys in the order written, strings escaped per RFC 8259.
public struct JSONWriter {
    public private(set) var output: [UInt8] = []
    /// For each open container: whether a value has been written in it (so the next one needs a comma).
    private var written: [Bool] = [false]
    private var afterKey = false

    public init() {}

    private mutating func beginValue() {
        if afterKey { afterKey = false; return }
        if written[written.count - 1] { output.append(UInt8(ascii: ",")) }
        written[written.count - 1] = true
    }

    public mutating func key(_ k: String) {
        beginValue()
        appendString(k)
        output.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        output.append(UInt8(ascii: "{")); written.append(false)
        body(&self)
        output.append(UInt8(ascii: "}")); written.removeLast()
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        output.append(UInt8(ascii: "[")); written.append(false)
        body(&self)
        output.append(UInt8(ascii: "]")); written.removeLast()
    }

    public mutating func string(_ s: String) { beginValue(); appendString(s) }
    public mutating func int(_ v: Int) { beginValue(); output.append(contentsOf: Array(String(v).utf8)) }
    public mutating func double(_ v: Double) {
        beginValue()
        let r = (v * 10000).rounded() / 10000
        output.append(contentsOf: Array((r.isFinite ? "\(r)" : "null").utf8))
    }
    public mutating func bool(_ v: Bool) { beginValue(); output.append(contentsOf: Array((v ? "true" : "false").utf8)) }
    public mutating func null() { beginValue(); output.append(contentsOf: Array("null".utf8)) }

    private mutating func appendString(_ s: String) {
        output.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: output.append(b)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
