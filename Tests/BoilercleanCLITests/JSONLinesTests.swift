import Foundation
import Testing

@Suite(.serialized) struct JSONLinesTests {
    static let article = try! String(contentsOf: CLI.example, encoding: .utf8)

    func json(_ object: Any) throws -> String { String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) }

    /// Records of every shape, malformed ones included; returns the input lines.
    func inputLines() throws -> [String] {
        var lines: [String] = []
        for i in 0..<40 {
            switch i % 8 {
            case 3: lines.append(#"{"id":\#(i),"text":"#)                                   // truncated
            case 5: lines.append("not json at all \(i)")
            case 6: lines.append(#"{"id":\#(i),"other":"no text field","n":[1,2,{"x":null}]}"#)
            case 7: lines.append(#"{"id":\#(i), "text": 12}"#)
            default:
                lines.append(#"{"id": \#(i),  "url":"https://e.test/\u00e9?a=1&b=\"q\"","text":"# + (try json([Self.article])).dropFirst().dropLast() + #","meta":{"lang":"en","score":0.5e1}}"#)
            }
        }
        return lines
    }

    @Test func keepsOrderCountAndEveryOtherField() throws {
        let lines = try inputLines()
        let run = try CLI.run(["clean", "--jsonl", "--annotate", "_boilerclean"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 1, "malformed lines make the run exit 1")
        let out = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(out.count == lines.count)
        for (number, (a, b)) in zip(lines, out).enumerated() {
            if number % 8 == 3 || number % 8 == 5 {
                #expect(a == b, "a malformed line passes through unchanged")
                #expect(run.stderr.contains("<stdin>:\(number + 1): malformed JSON"))
                continue
            }
            if number % 8 == 6 || number % 8 == 7 { #expect(a == b); continue }
            // Everything before the text value is byte-identical, and so is what follows it.
            let prefix = a.components(separatedBy: #""text":"#)[0]
            #expect(b.hasPrefix(prefix + #""text":"#))
            #expect(b.contains(#","meta":{"lang":"en","score":0.5e1},"_boilerclean":{"#))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(b.utf8)) as? [String: Any])
            #expect(object["id"] as? Int == number)
            let text = try #require(object["text"] as? String)
            #expect(text.count < Self.article.count && !text.isEmpty)
            let removed = try #require((object["_boilerclean"] as? [String: Any])?["removed"] as? [[String: Any]])
            #expect(!removed.isEmpty && removed.allSatisfy { ($0["lines"] as? [Int])?.count == 2 })
        }
        #expect(run.stderr.components(separatedBy: "malformed JSON").count - 1 == 10)
    }

    @Test func cleansGzipAndZstdFilesLikePlainOnes() throws {
        let folder = try CLI.temporaryFolder("jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("in.jsonl")
        let lines = try inputLines().enumerated().filter { $0.offset % 8 != 3 && $0.offset % 8 != 5 }.map(\.element)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: plain)
        let expected = try CLI.run(["clean", "--jsonl", plain.path])
        #expect(expected.status == 0)
        for (tool, suffix) in [("gzip", "gz"), ("zstd", "zst")] {
            let compressed = Process()
            compressed.executableURL = URL(fileURLWithPath: "/bin/sh")
            compressed.arguments = ["-c", "command -v \(tool) >/dev/null || exit 77; \(tool) -c < '\(plain.path)' > '\(plain.path).\(suffix)'"]
            try compressed.run(); compressed.waitUntilExit()
            if compressed.terminationStatus == 77 { continue }
            let run = try CLI.run(["clean", "--jsonl", plain.path + "." + suffix])
            #expect(run.status == 0, "\(suffix): \(run.stderr)")
            #expect(run.stdout == expected.stdout, "\(suffix) output differs")
        }
    }

    /// The tool as a streaming filter: each record comes back before the next one is written.
    @Test func answersEachRecordBeforeTheNextIsWritten() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["clean", "--jsonl", "--output-field", "clean"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        let reader = output.fileHandleForReading.fileDescriptor
        var pending = Data()
        func readLine(timeout: Double) -> String? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while true {
                if let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending = Data(pending[(newline + 1)...])
                    return line
                }
                var fds = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
                let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
                guard left > 0, poll(&fds, 1, left) > 0 else { return nil }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = read(reader, &buffer, buffer.count)
                guard n > 0 else { return nil }
                pending.append(contentsOf: buffer[0..<n])
            }
        }
        for i in 0..<5 {
            let record = #"{"id":\#(i),"text":"# + (try json([Self.article])).dropFirst().dropLast() + "}\n"
            input.fileHandleForWriting.write(Data(record.utf8))
            let line = try #require(readLine(timeout: 20), "no answer to record \(i) while stdin is still open")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["id"] as? Int == i)
            #expect(object["text"] as? String == Self.article)
            #expect((object["clean"] as? String).map { $0.count < Self.article.count } == true)
        }
        try input.fileHandleForWriting.close()
        #expect(readLine(timeout: 10) == nil)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func threadsChangeNothingButSpeed() throws {
        let input = Data((try inputLines().joined(separator: "\n") + "\n").utf8)
        let one = try CLI.run(["clean", "--jsonl", "--annotate", "a"], stdin: input)
        let three = try CLI.run(["clean", "--jsonl", "--annotate", "a", "--jobs", "3"], stdin: input)
        #expect(three.stdout == one.stdout)
        #expect(three.stderr == one.stderr)
        #expect(three.status == one.status && one.status == 1)
    }

    @Test func refusesOptionsThatDoNotApply() throws {
        #expect(try CLI.run(["clean", "--field", "body"]).status == 2)
        #expect(try CLI.run(["clean", "--jsonl", "--format", "json"]).status == 2)
        #expect(try CLI.run(["clean", "--jsonl", "--field", "doc", "--annotate", "doc.x"]).status == 2)
        #expect(try CLI.run(["clean", "--jobs", "2"]).status == 2)
    }
}
