import Foundation
import Testing
@testable import BoilercleanStreams

struct LineReaderTests {
    func lines(of data: [UInt8], chunk: Int, compressed: String? = nil) throws -> [[UInt8]] {
        let path = NSTemporaryDirectory() + "linereader-\(UUID().uuidString)"
        try Data(data).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = LineReader(try ByteStream(path: path), chunk: chunk)
        var out: [[UInt8]] = []
        while try reader.next({ out.append(Array($0)) }) {}
        return out
    }

    @Test(arguments: [16, 17, 64, 1 << 20])
    func splitsAcrossChunkBoundaries(chunk: Int) throws {
        let long = String(repeating: "é", count: 5000)
        let text = "a\n\nbc\r\n\(long)\nlast"
        let got = try lines(of: Array(text.utf8), chunk: chunk).map { String(decoding: $0, as: UTF8.self) }
        #expect(got == ["a", "", "bc\r", long, "last"])
    }

    @Test func readsConcatenatedGzipMembers() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") else { return }
        func gzip(_ s: String) throws -> [UInt8] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["gzip", "-c"]
            let input = Pipe(), output = Pipe()
            p.standardInput = input; p.standardOutput = output
            try p.run()
            input.fileHandleForWriting.write(Data(s.utf8)); try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return Array(data)
        }
        let data = try gzip("one\ntwo\n") + gzip("three\n")
        let got = try lines(of: data, chunk: 16).map { String(decoding: $0, as: UTF8.self) }
        #expect(got == ["one", "two", "three"])
        #expect(throws: StreamError.self) { _ = try lines(of: Array(data.dropLast(5)), chunk: 16) }
    }
}
