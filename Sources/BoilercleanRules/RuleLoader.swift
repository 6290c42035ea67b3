import Yams

/// A rule file's text, parsed and decoded, with the YAML tree kept for source positions.
///
/// When the file has structural problems (unknown keys, wrong types, values outside their enum), `spec`
/// is decoded from a repaired tree: offending entries removed, missing required values replaced by
/// placeholders. `brokenRules` and `placeholders` say which parts must not be trusted.
public struct LoadedRuleFile: @unchecked Sendable {
    public var path: String
    public var source: String
    public var spec: RuleFileSpec
    /// 1-based line and column of each rule, and of each of its examples (remove then keep).
    public var rulePositions: [SourcePosition]
    public var examplePositions: [[SourcePosition]]
    /// The (repaired) YAML tree `spec` was decoded from; its nodes keep their source marks.
    public var root: Node
    /// Indices of rules with structural problems: they are checked further but never compiled.
    public var brokenRules: Set<Int> = []
    /// Values the loader made up to keep decoding, as "<rule index>/<key>" (or "version").
    public var placeholders: Set<String> = []
    /// The source split into lines without their line ends, for diagnostics.
    public var lines: [String]

    public var hasStructuralProblems: Bool { !brokenRules.isEmpty || placeholders.contains("version") }

    func isPlaceholder(rule: Int, key: String) -> Bool { placeholders.contains("\(rule)/\(key)") }
}

public struct SourcePosition: Sendable, Equatable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Parses rule files strictly: YAML errors, unknown keys, wrong types and values outside their enum
/// are diagnostics with the file, line and column — every one of them, not just the first.
///
/// The model stays Codable: the loader decodes the file, and on each decoding error records a
/// diagnostic, repairs the YAML tree at the error's coding path (drops the offending key or entry, or
/// puts a placeholder where a required value is missing) and decodes again, until the file decodes.
public enum RuleLoader {
    /// Upper bound on decode-and-repair rounds per file (each round removes at least one problem).
    static let maximumRepairs = 1000

    /// Values that stand in for a required key that is missing or invalid, so decoding can go on.
    static func placeholder(for key: String) -> Node? {
        switch key {
        case "version": return Node("1", Tag(.int))
        case "id": return Node("placeholder")
        case "kind": return Node(RuleKind.other.rawValue)
        case "description", "document": return Node("")
        case "action": return Node(RuleAction.drop.rawValue)
        case "when": return Node([(Node, Node)]())
        default: return nil
        }
    }

    /// No tags are resolved: numbers and strings are read from a scalar's text whatever it resolved to, and
    /// booleans are too (`decodeFlag`), as `Bool` is the one type whose decoding in Yams looks at the tag.
    /// Yams' default resolver tries seven regular expressions on every phrase and every key looked up
    /// (most of the cost of loading the rules); its boolean rule alone, one regular expression each time
    /// two keys are compared, still took a fifth of the start-up.
    static let resolver = Resolver.basic

    /// What `VerifiedRuleReader` reads from a file, or nil where it gives up (for the tests).
    static func verifiedSpec(source: String) -> RuleFileSpec? {
        guard let root = try? Yams.compose(yaml: source, Self.resolver) else { return nil }
        return try? VerifiedRuleReader.file(root)
    }

    /// Loads a file: the decoded (possibly repaired) file when its YAML could be read, and every problem.
    /// - Parameter checked: the file is known to be valid (the built-in rules, which the tests load with
    ///   every check): it is read by `VerifiedRuleReader`, and if that gives up, decoded without the
    ///   unknown-key checks.
    public static func load(path: String, source: String, checked: Bool = false) -> (file: LoadedRuleFile?, diagnostics: [Diagnostic]) {
        let lines = splitLines(source)
        func diagnostic(_ position: SourcePosition, _ message: String) -> Diagnostic {
            Diagnostic(file: path, line: position.line, column: position.column, message: message, sourceLine: line(position.line, of: lines))
        }
        var root: Node
        do {
            guard let node = try Yams.compose(yaml: source, Self.resolver) else {
                return (nil, [diagnostic(SourcePosition(line: 1, column: 1), "empty rule file: expected `version: 1` and `rules:`")])
            }
            root = node
        } catch let error as YamlError {
            return (nil, [yamlDiagnostic(error, path: path, lines: lines)])
        } catch {
            return (nil, [diagnostic(SourcePosition(line: 1, column: 1), "\(error)")])
        }
        guard root.mapping != nil else {
            return (nil, [diagnostic(position(of: root), "a rule file is a mapping with `version: 1` and `rules:`")])
        }

        if checked, let spec = try? VerifiedRuleReader.file(root) {
            return (finish(path: path, source: source, lines: lines, root: root, spec: spec, brokenRules: [], placeholders: []), [])
        }

        var diagnostics: [Diagnostic] = []
        var removed: Set<[Step]> = []
        // Keys that may stand for a misspelt unknown key removed from the same mapping: its "missing"
        // diagnostic would only repeat the unknown-key one.
        var standIns: Set<[Step]> = []
        var brokenRules: Set<Int> = []
        var placeholders: Set<String> = []
        func taint(_ path: [Step]) {
            if path.count >= 2, case .key("rules") = path[0], case .index(let i) = path[1] { brokenRules.insert(i) }
        }
        for _ in 0..<maximumRepairs {
            let error: Error
            do {
                let spec = try YAMLDecoder().decode(RuleFileSpec.self, from: root, userInfo: checked ? [StrictKeys.skip: true] : [:])
                return (finish(path: path, source: source, lines: lines, root: root, spec: spec, brokenRules: brokenRules, placeholders: placeholders), diagnostics)
            } catch let e {
                error = e
            }
            switch error {
            case let unknown as StrictKeys.UnknownKey:
                let path = steps(unknown.codingPath)
                let mark = locate(path, in: root, keyPosition: true)
                var message = "unknown key '\(unknown.key)'"
                if let s = suggestion(for: unknown.key, among: unknown.allowed) { message += "; did you mean '\(s)'?" }
                else { message += "; expected one of: \(unknown.allowed.joined(separator: ", "))" }
                diagnostics.append(diagnostic(mark, message))
                taint(path)
                let mapping = Array(path.dropLast())
                if let s = suggestion(for: unknown.key, among: unknown.allowed) { standIns.insert(mapping + [.key(s)]) }
                if unknown.allowed.count == 1 { standIns.insert(mapping + [.key(unknown.allowed[0])]) }
                guard modify(&root, at: path, { $0 = nil }) else { return (nil, diagnostics) }
            case let decoding as Swift.DecodingError:
                let (codingPath, message) = describe(decoding, root: root)
                var path = steps(codingPath)
                if case .keyNotFound(let key, _) = decoding {
                    // Missing: report unless the loader removed it itself, then stand in a placeholder.
                    let missing = path + [.key(key.stringValue)]
                    if !removed.contains(missing) && !standIns.contains(missing) {
                        diagnostics.append(diagnostic(locate(path, in: root, keyPosition: false), message))
                    }
                    taint(path)
                    guard let placeholder = placeholder(for: key.stringValue) else { return (nil, diagnostics) }
                    path.append(.key(key.stringValue))
                    record(placeholder: path, in: &placeholders)
                    guard modify(&root, at: path, { $0 = placeholder }) else { return (nil, diagnostics) }
                    continue
                }
                diagnostics.append(diagnostic(locate(path, in: root, keyPosition: false), message))
                taint(path)
                guard !path.isEmpty else { return (nil, diagnostics) }
                if path.count == 2, case .key("rules") = path[0] {
                    // A rule that is not a mapping: keep its place (rule indices stay stable) with an empty rule.
                    guard modify(&root, at: path, { $0 = Node([(Node, Node)]()) }) else { return (nil, diagnostics) }
                } else {
                    removed.insert(path)
                    guard modify(&root, at: path, { $0 = nil }) else { return (nil, diagnostics) }
                }
            default:
                diagnostics.append(diagnostic(SourcePosition(line: 1, column: 1), "\(error)"))
                return (nil, diagnostics)
            }
        }
        diagnostics.append(diagnostic(SourcePosition(line: 1, column: 1), "too many problems; giving up on this file"))
        return (nil, diagnostics)
    }

    /// The first problem only, as before: a loaded file, or the diagnostics of a file that failed to load.
    public static func parse(path: String, source: String) -> Result<LoadedRuleFile, RuleLoadingError> {
        let (file, diagnostics) = load(path: path, source: source)
        if let file, diagnostics.isEmpty { return .success(file) }
        return .failure(RuleLoadingError(diagnostics: diagnostics))
    }

    private static func finish(path: String, source: String, lines: [String], root: Node, spec: RuleFileSpec,
                               brokenRules: Set<Int>, placeholders: Set<String>) -> LoadedRuleFile {
        var rulePositions: [SourcePosition] = []
        var examplePositions: [[SourcePosition]] = []
        for rule in root.mapping?["rules"]?.sequence ?? Node.Sequence() {
            rulePositions.append(position(of: rule))
            var positions: [SourcePosition] = []
            if let examples = rule.mapping?["examples"]?.mapping {
                for key in ["remove", "keep"] {
                    for example in examples[key]?.sequence ?? Node.Sequence() { positions.append(position(of: example)) }
                }
            }
            examplePositions.append(positions)
        }
        return LoadedRuleFile(path: path, source: source, spec: spec, rulePositions: rulePositions, examplePositions: examplePositions,
                              root: root, brokenRules: brokenRules, placeholders: placeholders, lines: lines)
    }

    private static func record(placeholder path: [Step], in placeholders: inout Set<String>) {
        if path == [.key("version")] { placeholders.insert("version") }
        if path.count == 3, case .key("rules") = path[0], case .index(let i) = path[1], case .key(let key) = path[2] {
            placeholders.insert("\(i)/\(key)")
        }
    }

    // MARK: Paths in the YAML tree

    /// One step of a path into the YAML tree: a mapping key or a sequence index.
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    static func steps(_ codingPath: [CodingKey]) -> [Step] {
        codingPath.map { key in
            if let index = key.intValue { return .index(index) }
            if key.stringValue.hasPrefix("Index "), let index = Int(key.stringValue.dropFirst(6)) { return .index(index) }
            return .key(key.stringValue)
        }
    }

    /// Applies `change` to the node at `path` (nil removes it from its mapping or sequence).
    /// Returns false when the path does not lead anywhere.
    static func modify(_ node: inout Node, at path: [Step], _ change: (inout Node?) -> Void) -> Bool {
        guard let first = path.first else { return false }
        let rest = Array(path.dropFirst())
        switch (first, node) {
        case (.key(let key), .mapping(var mapping)):
            guard let i = mapping.firstIndex(where: { $0.key.string == key }) else {
                // Only adding a missing key is possible here.
                guard rest.isEmpty else { return false }
                var value: Node? = nil
                change(&value)
                guard let value else { return false }
                var pairs = Array(mapping).map { ($0.key, $0.value) }
                pairs.append((Node(key), value))
                node = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
                return true
            }
            var child = mapping[i].value
            if rest.isEmpty {
                var value: Node? = child
                change(&value)
                var pairs = Array(mapping).map { ($0.key, $0.value) }
                if let value { pairs[i].1 = value } else { pairs.remove(at: i) }
                node = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
                return true
            }
            guard modify(&child, at: rest, change) else { return false }
            mapping[i] = (key: mapping[i].key, value: child)
            node = .mapping(mapping)
            return true
        case (.index(let index), .sequence(var sequence)):
            guard index >= 0 && index < sequence.count else { return false }
            if rest.isEmpty {
                var value: Node? = sequence[index]
                change(&value)
                if let value { sequence[index] = value } else { sequence.remove(at: index) }
                node = .sequence(sequence)
                return true
            }
            var child = sequence[index]
            guard modify(&child, at: rest, change) else { return false }
            sequence[index] = child
            node = .sequence(sequence)
            return true
        default:
            return false
        }
    }

    static func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(line: 1, column: 1) }
        return SourcePosition(line: mark.line, column: mark.column)
    }

    /// Split on the bytes: a `Character` split would cost more than the rest of loading, and would not
    /// see the "\r\n" grapheme as a line end.
    static func splitLines(_ source: String) -> [String] {
        source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
    }

    static func line(_ number: Int, of lines: [String]) -> String? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    private static func yamlDiagnostic(_ error: YamlError, path: String, lines: [String]) -> Diagnostic {
        var line = 1, column = 1
        var message = "\(error)"
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            line = mark.line
            column = mark.column
            message = "YAML syntax error: \(problem)" + (context.map { " \($0.text)" } ?? "")
        case let .composer(context, problem, mark, _):
            line = mark.line
            column = mark.column
            message = "YAML error: \(problem)" + (context.map { " \($0.text)" } ?? "")
        default:
            break
        }
        return Diagnostic(file: path, line: line, column: column, message: message, sourceLine: Self.line(line, of: lines))
    }

    /// The position of the node a path leads to (its key, for unknown keys), as far as it exists.
    static func locate(_ path: [Step], in root: Node, keyPosition: Bool) -> SourcePosition {
        var node = root
        var position = position(of: root)
        for (i, step) in path.enumerated() {
            let last = i == path.count - 1
            switch (step, node) {
            case (.index(let index), .sequence(let sequence)) where index < sequence.count:
                node = sequence[index]
                position = Self.position(of: node)
            case (.key(let key), .mapping(let mapping)):
                guard let pair = mapping.first(where: { $0.key.string == key }) else { return position }
                node = pair.value
                position = Self.position(of: (last && keyPosition) ? pair.key : pair.value)
            default:
                return position
            }
        }
        return position
    }

    static func locate(_ path: [CodingKey], in root: Node, keyPosition: Bool) -> SourcePosition {
        locate(steps(path), in: root, keyPosition: keyPosition)
    }

    private static func describe(_ error: Swift.DecodingError, root: Node) -> ([CodingKey], String) {
        switch error {
        case let .keyNotFound(key, context):
            return (context.codingPath, "missing required key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return (context.codingPath, "wrong type for '\(name(of: context.codingPath))': expected \(typeName(type))")
        case let .valueNotFound(type, context):
            return (context.codingPath, "missing value for '\(name(of: context.codingPath))': expected \(typeName(type))")
        case let .dataCorrupted(context):
            let key = name(of: context.codingPath) == "modes" ? "mode" : name(of: context.codingPath)
            let node = locateNode(steps(context.codingPath), in: root)
            let value = node?.string ?? "?"
            if let allowed = allowedValues(forKey: key == "mode" ? "modes" : key) {
                var message = "'\(value)' is not a valid \(key); expected one of: \(allowed.joined(separator: ", "))"
                if let s = suggestion(for: value, among: allowed) { message = "'\(value)' is not a valid \(key); did you mean '\(s)'?" }
                return (context.codingPath, message)
            }
            return (context.codingPath, "invalid value '\(value)' for '\(key)': \(context.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    /// The last mapping key of a coding path (list entries are named by their list).
    private static func name(of codingPath: [CodingKey]) -> String {
        for step in steps(codingPath).reversed() { if case .key(let key) = step { return key } }
        return "value"
    }

    private static func locateNode(_ path: [Step], in root: Node) -> Node? {
        var node = root
        for step in path {
            switch (step, node) {
            case (.index(let index), .sequence(let sequence)) where index < sequence.count: node = sequence[index]
            case (.key(let key), .mapping(let mapping)):
                guard let value = mapping.first(where: { $0.key.string == key })?.value else { return nil }
                node = value
            default: return nil
            }
        }
        return node
    }

    /// The values an enum-valued key accepts, from the model's enums.
    static func allowedValues(forKey key: String) -> [String]? {
        switch key {
        case "kind": return RuleKind.allCases.map(\.rawValue)
        case "action": return RuleAction.allCases.map(\.rawValue)
        case "scope": return RuleRegion.allCases.map(\.rawValue)
        case "match": return PhraseMatch.allCases.map(\.rawValue)
        case "modes": return CleaningMode.allCases.map(\.rawValue)
        case "shape": return BoilercleanText.Shape.allCases.map(\.rawValue)
        default: return nil
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Node.Scalar.Type: return "a single value"
        case is Node.Mapping.Type: return "a mapping"
        case is Node.Sequence.Type: return "a list"
        case is [String].Type: return "a list of strings"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return name
        }
    }
}

import BoilercleanText
