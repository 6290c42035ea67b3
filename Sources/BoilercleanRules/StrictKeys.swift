/// Unknown keys are errors: a misspelt condition must not silently turn into "no condition".
enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    /// Raised for a key the format does not know; `codingPath` ends with the key itself.
    struct UnknownKey: Error {
        var key: String
        var allowed: [String]
        var codingPath: [CodingKey]
    }

    /// Set in the decoder's user info for files known to be valid (`RuleLoader.load(checked:)`).
    static let skip = CodingUserInfoKey(rawValue: "boilerclean.strict-keys.skip")!

    static func check(_ decoder: Decoder, allowed: [String]) throws {
        if decoder.userInfo[skip] != nil { return }
        guard let c = try? decoder.container(keyedBy: AnyKey.self) else { return }
        for key in c.allKeys where !allowed.contains(key.stringValue) {
            throw UnknownKey(key: key.stringValue, allowed: allowed, codingPath: decoder.codingPath + [key])
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// The closest candidate within a small edit distance.
public func suggestion(for word: String, among candidates: [String]) -> String? {
    let best = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
    guard let (candidate, distance) = best, distance <= Swift.max(2, word.count / 3) else { return nil }
    return candidate
}
