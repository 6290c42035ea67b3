import Foundation
import Yams

/// A JSON value, as a JSON Schema sees a YAML document (YAML 1.2 core schema: plain `no` is a string).
indirect enum JSONValue: Equatable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.integer(x), .number(y)), let (.number(y), .integer(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    init(yaml node: Node) {
        switch node {
        case .mapping(let mapping): self = .object(mapping.map { ($0.key.string ?? "", JSONValue(yaml: $0.value)) })
        case .sequence(let sequence): self = .array(sequence.map { JSONValue(yaml: $0) })
        case .alias: self = .null
        case .scalar(let scalar):
            guard scalar.style == .plain else { self = .string(scalar.string); return }
            let s = scalar.string
            if ["", "~", "null", "Null", "NULL"].contains(s) { self = .null }
            else if ["true", "True", "TRUE"].contains(s) { self = .bool(true) }
            else if ["false", "False", "FALSE"].contains(s) { self = .bool(false) }
            else if s.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, let i = Int(s) { self = .integer(i) }
            else if s.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil, let d = Double(s) { self = .number(d) }
            else { self = .string(s) }
        }
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    var keys: [String] { if case .object(let pairs) = self { return pairs.map(\.0) } else { return [] } }
    var number: Double? {
        switch self { case .integer(let i): return Double(i); case .number(let d): return d; default: return nil }
    }
}

/// The part of JSON Schema draft-07 that `Rules/schema.json` uses. An unknown keyword is an error, so
/// the schema cannot gain a feature this validator silently ignores.
struct JSONSchemaValidator {
    let root: JSONValue
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "examples", "definitions"]
    static let assertions: Set<String> = ["$ref", "type", "properties", "required", "additionalProperties", "items", "enum",
                                          "oneOf", "minimum", "maximum", "exclusiveMinimum", "minProperties", "minItems", "pattern"]

    init(schemaFile: String) throws {
        // JSON is YAML: read it with the same parser, so one conversion serves schema and rule files.
        let text = try String(contentsOfFile: schemaFile, encoding: .utf8)
        root = JSONValue(yaml: try Yams.compose(yaml: text) ?? Node(""))
    }

    /// Problems found, as "path: message"; empty when the instance conforms.
    func validate(_ instance: JSONValue) -> [String] {
        var problems: [String] = []
        check(instance, against: root, at: "$", into: &problems)
        return problems
    }

    func resolve(_ reference: String) -> JSONValue {
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
        return node
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into problems: inout [String]) {
        for key in schema.keys where !Self.annotations.contains(key) && !Self.assertions.contains(key) {
            problems.append("\(path): schema keyword '\(key)' is not supported by this validator")
        }
        if let reference = schema["$ref"]?.string { check(value, against: resolve(reference), at: path, into: &problems) }
        if let type = schema["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            if !allowed.contains(where: { Self.has(value, type: $0) }) { problems.append("\(path): expected \(allowed.joined(separator: " or "))") ; return }
        }
        if let options = schema["enum"]?.array, !options.contains(value) { problems.append("\(path): not one of the allowed values") }
        if let n = value.number {
            if let m = schema["minimum"]?.number, n < m { problems.append("\(path): below \(m)") }
            if let m = schema["maximum"]?.number, n > m { problems.append("\(path): above \(m)") }
            if let m = schema["exclusiveMinimum"]?.number, n <= m { problems.append("\(path): not above \(m)") }
        }
        if let pattern = schema["pattern"]?.string, let s = value.string, s.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): does not match \(pattern)")
        }
        if case .object(let pairs) = value {
            let properties = schema["properties"]
            for required in schema["required"]?.array?.compactMap(\.string) ?? [] where !pairs.contains(where: { $0.0 == required }) {
                problems.append("\(path): missing \(required)")
            }
            if let m = schema["minProperties"]?.number, Double(pairs.count) < m { problems.append("\(path): fewer than \(Int(m)) properties") }
            for (key, child) in pairs {
                if let sub = properties?[key] { check(child, against: sub, at: "\(path).\(key)", into: &problems) }
                else if schema["additionalProperties"] == .bool(false) { problems.append("\(path): unknown property \(key)") }
            }
        }
        if case .array(let items) = value {
            if let m = schema["minItems"]?.number, Double(items.count) < m { problems.append("\(path): fewer than \(Int(m)) items") }
            if let sub = schema["items"] { for (i, item) in items.enumerated() { check(item, against: sub, at: "\(path)[\(i)]", into: &problems) } }
        }
        if let options = schema["oneOf"]?.array {
            let passing = options.filter { option in var p: [String] = []; check(value, against: option, at: path, into: &p); return p.isEmpty }
            if passing.count != 1 { problems.append("\(path): matches \(passing.count) of the oneOf alternatives, not exactly one") }
        }
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("integer", .integer): return true
        case ("number", .integer), ("number", .number): return true
        default: return false
        }
    }
}
