/// A problem in a rule file, at a position a user can jump to.
public struct Diagnostic: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var file: String
    /// 1-based line and column (columns count Unicode scalars, as libyaml does).
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String
    /// The offending source line, when known.
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `path:line:column: error: message`, then the source line and a caret under the column.
    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let sourceLine {
            let prefix = sourceLine.unicodeScalars.prefix(max(0, column - 1))
            let pad = String(prefix.map { $0 == "\t" ? "\t" : " " })
            text += "\n\(sourceLine)\n\(pad)^"
        }
        return text
    }
}

/// Rule files that failed to load, with every problem found.
public struct RuleLoadingError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
