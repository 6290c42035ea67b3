import Foundation
import Testing

@Suite(.serialized) struct BatchTests {
    /// A nested tree with text files, a binary file, a windows-1252 file, an unreadable file and a file
    /// the default globs leave out.
    func makeTree() throws -> (root: URL, input: URL) {
        let root = try CLI.temporaryFolder("batch")
        let input = root.appendingPathComponent("in")
        let fm = FileManager.default
        try fm.createDirectory(at: input.appendingPathComponent("news/2024/deep"), withIntermediateDirectories: true)
        try fm.copyItem(at: CLI.example, to: input.appendingPathComponent("news/article.txt"))
        try fm.copyItem(at: CLI.shared.appendingPathComponent("examples/seed.txt"), to: input.appendingPathComponent("news/2024/seed.txt"))
        try Data("Just one line of body text that stays as it is.\n".utf8).write(to: input.appendingPathComponent("news/2024/deep/plain.txt"))
        try Data("notes are not .txt\n".utf8).write(to: input.appendingPathComponent("README.md"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]).write(to: input.appendingPathComponent("image.txt"))
        let latin1 = "Le café de la gare a rouvert ses portes après des mois de travaux. Les habitués sont revenus dès le premier matin, où l'on a servi crème brûlée et thé à volonté. « C'était très attendu », a déclaré la gérante.\n"
        try Data(latin1.data(using: .windowsCP1252)!).write(to: input.appendingPathComponent("news/cafe.txt"))
        let locked = input.appendingPathComponent("news/locked.txt")
        try Data("secret\n".utf8).write(to: locked)
        chmod(locked.path, 0)
        return (root, input)
    }

    /// Whether this process can read a file with mode 000 (root can: then the file is not a failure).
    func canReadLockedFile(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY)
        if fd >= 0 { close(fd); return true }
        return false
    }

    @Test func cleansANestedTreeIntoAMirrorTree() throws {
        let (root, input) = try makeTree()
        defer { chmod(input.appendingPathComponent("news/locked.txt").path, 0o644); try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        let report = root.appendingPathComponent("report.jsonl")
        let lockedReadable = canReadLockedFile(input.appendingPathComponent("news/locked.txt"))
        let before = CLI.tree(input)

        let run = try CLI.run(["batch", input.path, output.path, "--jobs", "2", "--report", report.path])
        #expect(run.status == 1, "some files failed: \(run.stderr)")
        #expect(run.stderr.contains("boilerclean: batch: 6 files:"))

        var expected: Set<String> = ["news/article.txt", "news/2024/seed.txt", "news/2024/deep/plain.txt", "news/cafe.txt"]
        if lockedReadable { expected.insert("news/locked.txt") }
        let mirrored = CLI.tree(output)
        #expect(Set(mirrored.keys) == expected)
        for relative in expected {
            let alone = try CLI.run(["clean", input.appendingPathComponent(relative).path])
            #expect(mirrored[relative] == alone.stdout, "\(relative) differs from `clean`")
        }
        #expect(String(decoding: mirrored["news/cafe.txt"]!, as: UTF8.self).contains("café"))
        #expect(mirrored["news/2024/seed.txt"] == FileManager.default.contents(atPath: CLI.shared.appendingPathComponent("examples/seed.body.txt").path))

        // Inputs are untouched (the unreadable one compared once it is readable again).
        chmod(input.appendingPathComponent("news/locked.txt").path, 0o644)
        #expect(CLI.tree(input) == before || lockedReadable == false && CLI.tree(input).filter { $0.key != "news/locked.txt" } == before.filter { $0.key != "news/locked.txt" })
        #expect(FileManager.default.contents(atPath: input.appendingPathComponent("news/locked.txt").path) == Data("secret\n".utf8))

        let records = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let byPath = Dictionary(uniqueKeysWithValues: records.map { ($0["path"] as! String, $0) })
        #expect(Set(byPath.keys) == ["news/article.txt", "news/2024/seed.txt", "news/2024/deep/plain.txt", "news/cafe.txt", "news/locked.txt", "image.txt"])
        #expect(byPath["image.txt"]?["status"] as? String == "failed")
        #expect((byPath["image.txt"]?["error"] as? String)?.contains("binary") == true)
        #expect(byPath["news/locked.txt"]?["status"] as? String == (lockedReadable ? "cleaned" : "failed"))
        if !lockedReadable { #expect((byPath["news/locked.txt"]?["error"] as? String)?.contains("Permission denied") == true) }
        #expect((byPath["news/cafe.txt"]?["encoding"] as? String).map { $0 != "UTF-8" } == true)
        let seed = try #require(byPath["news/2024/seed.txt"])
        #expect(seed["status"] as? String == "cleaned")
        #expect(seed["bytesIn"] as? Int == before["news/2024/seed.txt"]?.count)
        #expect(seed["bytesOut"] as? Int == mirrored["news/2024/seed.txt"]?.count)
        #expect((seed["blocksRemoved"] as? [String: Int])?["disclaimer"] ?? 0 >= 1)
        #expect((seed["rules"] as? [String])?.isEmpty == false)

        // A second run skips what is up to date; --force cleans again.
        let again = try CLI.run(["batch", input.path, output.path])
        #expect(again.stderr.contains("0 cleaned, \(expected.count) up to date"))
        let forced = try CLI.run(["batch", input.path, output.path, "--force"])
        #expect(forced.stderr.contains("\(expected.count) cleaned, 0 up to date"))
    }

    @Test func refusesAnOutputInsideTheInput() throws {
        let (root, input) = try makeTree()
        defer { chmod(input.appendingPathComponent("news/locked.txt").path, 0o644); try? FileManager.default.removeItem(at: root) }
        let run = try CLI.run(["batch", input.path, input.appendingPathComponent("news/out").path])
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: input.appendingPathComponent("news/out").path))
        #expect(try CLI.run(["batch", input.appendingPathComponent("news").path, input.path]).status == 2)
    }

    @Test func writesTheReportIntoAFolderThatDoesNotExistYet() throws {
        let root = try CLI.temporaryFolder("report")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data("A sentence of body text that is long enough.\n".utf8).write(to: input.appendingPathComponent("a.txt"))
        let report = root.appendingPathComponent("logs/today/report.jsonl")
        let run = try CLI.run(["batch", input.path, root.appendingPathComponent("out").path, "--report", report.path])
        #expect(run.status == 0)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("\"path\":\"a.txt\""))
    }

    @Test func nearlyAllFailedHasItsOwnStatus() throws {
        let root = try CLI.temporaryFolder("failing")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<10 { try Data([0x41, 0, 0x42, 0, 0x43]).write(to: input.appendingPathComponent("\(i).txt")) }
        let run = try CLI.run(["batch", input.path, root.appendingPathComponent("out").path])
        #expect(run.status == 5)
        #expect(run.stderr.contains("10 failed"))
    }

    /// Ctrl-C (SIGINT, then SIGTERM; once and twice) leaves only complete output files and no temporary ones.
    @Test(arguments: [(SIGINT, 1), (SIGTERM, 1), (SIGINT, 2)])
    func interruptedRunsLeaveNoPartialFile(signal: Int32, times: Int) throws {
        let root = try CLI.temporaryFolder("interrupt")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: input.appendingPathComponent("pages/later"), withIntermediateDirectories: true)
        let page = try Data(contentsOf: CLI.example)
        for i in 0..<20 { try page.write(to: input.appendingPathComponent("pages/\(i).txt")) }
        // Big JSON Lines files, walked after the pages: the signal comes while one is being written.
        var record = Data(#"{"id":1,"text":"#.utf8)
        record.append(try JSONSerialization.data(withJSONObject: [String(decoding: page, as: UTF8.self)], options: []).dropFirst().dropLast())
        record.append(Data("}\n".utf8))
        var big = Data()
        for _ in 0..<3000 { big.append(record) }
        for i in 0..<2 { try big.write(to: input.appendingPathComponent("pages/later/big\(i).jsonl")) }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["batch", input.path, output.path, "--jobs", "2"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date(timeIntervalSinceNow: 60)
        func names() -> [String] { (try? FileManager.default.subpathsOfDirectory(atPath: output.path)) ?? [] }
        while !names().contains(where: { $0.contains("big") && $0.contains(".boilerclean-") }) && Date() < deadline { usleep(5_000) }
        for _ in 0..<times { kill(p.processIdentifier, signal); usleep(1000) }
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)

        let written = CLI.tree(output)
        #expect(!written.keys.contains { $0.contains(".boilerclean-") }, "temporary files left: \(written.keys.filter { $0.contains(".boilerclean-") })")
        #expect(written.count < 22, "the run was not interrupted")
        let expected = try CLI.run(["clean", input.appendingPathComponent("pages/0.txt").path]).stdout
        for (relative, data) in written where relative.hasPrefix("pages/") { #expect(data == expected, "\(relative) is partial") }
        for (relative, data) in written where relative.hasPrefix("big") {
            #expect(data.count > 0 && data.split(separator: 0x0A).count == 3000, "\(relative) is partial")
        }
    }
}
