import Yams

/// A rule file's text, parsed and decoded, with the YAML tree kept for source positions.
public struct LoadedRuleFile: Sendable {
    public var path: String
    public var source: String
    public var spec: RuleFileSpec
    /// 1-based line and column of each rule, and of each of its examples (remove then keep).
    public var rulePositions: [SourcePosition]
    public var examplePositions: [[SourcePosition]]
}

public struct SourcePosition: Sendable, Equatable, Codable {
    public var line: Int
    public var column: Int
}

/// Parses rule files strictly: YAML errors, unknown keys, wrong types and values outside their enum
/// are diagnostics with the file, line and column.
public enum RuleLoader {
    public static func parse(path: String, source: String) -> Result<LoadedRuleFile, RuleLoadingError> {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        func diagnostic(_ line: Int, _ column: Int, _ message: String) -> Diagnostic {
            Diagnostic(file: path, line: line, column: column, message: message,
                       sourceLine: line >= 1 && line <= lines.count ? lines[line - 1] : nil)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source) else {
                return .failure(RuleLoadingError(diagnostics: [diagnostic(1, 1, "empty rule file: expected `version: 1` and `rules:`")]))
            }
            root = node
        } catch let error as YamlError {
            return .failure(RuleLoadingError(diagnostics: [yamlDiagnostic(error, path: path, lines: lines)]))
        } catch {
            return .failure(RuleLoadingError(diagnostics: [diagnostic(1, 1, "\(error)")]))
        }
        do {
            let spec = try YAMLDecoder().decode(RuleFileSpec.self, from: root)
            var rulePositions: [SourcePosition] = []
            var examplePositions: [[SourcePosition]] = []
            if let rules = root.mapping?["rules"]?.sequence {
                for rule in rules {
                    rulePositions.append(position(of: rule))
                    var positions: [SourcePosition] = []
                    if let examples = rule.mapping?["examples"]?.mapping {
                        for key in ["remove", "keep"] {
                            for example in examples[key]?.sequence ?? Node.Sequence() { positions.append(position(of: example)) }
                        }
                    }
                    examplePositions.append(positions)
                }
            }
            return .success(LoadedRuleFile(path: path, source: source, spec: spec, rulePositions: rulePositions, examplePositions: examplePositions))
        } catch let error as StrictKeys.UnknownKey {
            let mark = locate(error.codingPath, in: root, keyPosition: true)
            var message = "unknown key '\(error.key)'"
            if let s = suggestion(for: error.key, among: error.allowed) { message += "; did you mean '\(s)'?" }
            else { message += "; expected one of: \(error.allowed.joined(separator: ", "))" }
            return .failure(RuleLoadingError(diagnostics: [diagnostic(mark.line, mark.column, message)]))
        } catch let error as Swift.DecodingError {
            let (path, message) = describe(error, root: root)
            let mark = locate(path, in: root, keyPosition: false)
            return .failure(RuleLoadingError(diagnostics: [diagnostic(mark.line, mark.column, message)]))
        } catch {
            return .failure(RuleLoadingError(diagnostics: [diagnostic(1, 1, "\(error)")]))
        }
    }

    static func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(line: 1, column: 1) }
        return SourcePosition(line: mark.line, column: mark.column)
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
        return Diagnostic(file: path, line: line, column: column, message: message,
                          sourceLine: line >= 1 && line <= lines.count ? lines[line - 1] : nil)
    }

    /// The YAML node a coding path leads to (its key, for unknown keys), as far as it exists.
    static func locate(_ path: [CodingKey], in root: Node, keyPosition: Bool) -> SourcePosition {
        var node = root
        var position = position(of: root)
        for (i, key) in path.enumerated() {
            let last = i == path.count - 1
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
                position = Self.position(of: node)
            } else if let mapping = node.mapping,
                      let pair = mapping.first(where: { $0.key.string == key.stringValue }) {
                node = pair.value
                position = Self.position(of: (last && keyPosition) ? pair.key : pair.value)
            } else if key.stringValue.hasPrefix("Index "), let index = Int(key.stringValue.dropFirst(6)), let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
                position = Self.position(of: node)
            } else {
                break
            }
        }
        return position
    }

    private static func describe(_ error: Swift.DecodingError, root: Node) -> ([CodingKey], String) {
        switch error {
        case let .keyNotFound(key, context):
            return (context.codingPath, "missing required key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return (context.codingPath, "wrong type for '\(context.codingPath.last?.stringValue ?? "value")': expected \(typeName(type))")
        case let .valueNotFound(type, context):
            return (context.codingPath, "missing value for '\(context.codingPath.last?.stringValue ?? "value")': expected \(typeName(type))")
        case let .dataCorrupted(context):
            let key = context.codingPath.last(where: { $0.intValue == nil && !$0.stringValue.hasPrefix("Index ") })?.stringValue ?? "value"
            let node = locateNode(context.codingPath, in: root)
            let value = node?.string ?? "?"
            if let allowed = allowedValues(forKey: key) {
                var message = "'\(value)' is not a valid \(key); expected one of: \(allowed.joined(separator: ", "))"
                if let s = suggestion(for: value, among: allowed) { message = "'\(value)' is not a valid \(key); did you mean '\(s)'?" }
                return (context.codingPath, message)
            }
            return (context.codingPath, "invalid value '\(value)' for '\(key)': \(context.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func locateNode(_ path: [CodingKey], in root: Node) -> Node? {
        var node = root
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count { node = sequence[index] }
            else if let value = node.mapping?[key.stringValue] { node = value }
            else { return nil }
        }
        return node
    }

    static func allowedValues(forKey key: String) -> [String]? {
        switch key {
        case "kind": return RuleKind.allCases.map(\.rawValue)
        case "action": return RuleAction.allCases.map(\.rawValue)
        case "scope": return RuleRegion.allCases.map(\.rawValue)
        case "match": return PhraseMatch.allCases.map(\.rawValue)
        case "modes": return CleaningMode.allCases.map(\.rawValue)
        case "shape": return BoilercleanText.Shape.allCases.filter { $0 != .text }.map(\.rawValue)
        default:
            if key.hasPrefix("Index ") || Int(key) != nil { return nil }
            return nil
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
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
