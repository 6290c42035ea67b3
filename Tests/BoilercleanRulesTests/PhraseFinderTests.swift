import Testing
@testable import BoilercleanRules

/// `PhraseFinder` must report the same slots as a brute-force search for every occurrence.
struct PhraseFinderTests {
    /// A deterministic generator, so a failure can be reproduced.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    // Pieces of valid UTF-8 from a small alphabet, so random phrases occur often and word boundaries
    // fall beside letters, digits, spaces and multi-byte letters alike.
    static let pieces = ["a", "b", "ab", " ", "é", "中", "1", "-", "ба"]

    struct Phrase {
        var bytes: [UInt8]
        var slot: Int
        var prefixOnly: Bool
        var before: Bool
        var after: Bool
    }

    func text(_ rng: inout SplitMix, pieces count: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<count { out += Array(Self.pieces[rng.next(Self.pieces.count)].utf8) }
        return out
    }

    func bruteForce(_ phrases: [Phrase], _ text: [UInt8]) -> Set<Int> {
        var slots = Set<Int>()
        text.withUnsafeBufferPointer { t in
            for p in phrases where p.bytes.count <= t.count {
                for start in 0...(t.count - p.bytes.count) where Array(t[start..<start + p.bytes.count]) == p.bytes {
                    let end = start + p.bytes.count
                    if p.prefixOnly && start != 0 { continue }
                    if p.before && start > 0 && isWordByte(before: start, t) { continue }
                    if p.after && end < t.count && isWordByte(at: end, t) { continue }
                    slots.insert(p.slot)
                }
            }
        }
        return slots
    }

    @Test func findsWhatBruteForceFinds() {
        var rng = SplitMix(state: 42)
        for round in 0..<200 {
            var finder = PhraseFinder()
            var phrases: [Phrase] = []
            for _ in 0..<(1 + rng.next(12)) {
                let p = Phrase(bytes: text(&rng, pieces: 1 + rng.next(4)), slot: rng.next(8), prefixOnly: rng.next(4) == 0,
                               before: rng.next(2) == 0, after: rng.next(2) == 0)
                phrases.append(p)
                finder.add(p.bytes, slot: Int32(p.slot), prefixOnly: p.prefixOnly, boundaryBefore: p.before, boundaryAfter: p.after)
            }
            finder.build()
            for _ in 0..<20 {
                let t = text(&rng, pieces: rng.next(30))
                var hits = SlotSet()
                t.withUnsafeBufferPointer { finder.search($0, into: &hits) }
                var found = Set<Int>()
                hits.forEach { found.insert($0) }
                #expect(found == bruteForce(phrases, t), "round \(round): \(String(decoding: t, as: UTF8.self))")
            }
        }
    }
}
