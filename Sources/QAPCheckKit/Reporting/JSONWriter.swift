#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds JSON text by hand, in a fixed key order, so that reports are byte-identical from run to
/// run and the key order is the one cli.md shows.
///
/// The text is gathered as UTF-8 bytes (`ByteBuffer`) and made a string once, at the end:
/// appending to a string checks and grows it each time, and a report writes a dozen small pieces
/// per finding.
struct JSONWriter {
    private var bytes = ByteBuffer()
    private var indent: Int
    private var needsComma: [Bool] = []
    let pretty: Bool

    init(indent: Int = 0, pretty: Bool = true) {
        self.indent = indent
        self.pretty = pretty
    }

    /// What has been written.
    var text: String { bytes.text }

    private mutating func append(_ s: String) { bytes.append(s) }

    private mutating func append(_ s: StaticString) { bytes.append(s) }

    /// A line break and the indentation, written in one piece: a report breaks some eighty lines
    /// per document, and a byte at a time was a twentieth of writing it.
    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(repeating: 0x20, times: indent * 2)
    }

    private mutating func separate() {
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
            newline()
        }
    }

    private mutating func key(_ k: String?) {
        guard let k else { return separate() }
        k.withUTF8InPlace { name in
            guard JSONText.firstSpecial(in: name, from: 0) == name.count, let source = name.baseAddress else {
                separate()
                bytes.appendQuoted(k)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(UInt8(ascii: " ")) }
                return
            }
            // A name that needs no escape, as every name a report writes: the comma, the line
            // break and indentation, the quoted name and the colon, written as one piece (a
            // report writes some sixty names per document).
            let inFrame = !needsComma.isEmpty
            let comma = inFrame && needsComma[needsComma.count - 1]
            if inFrame { needsComma[needsComma.count - 1] = true }
            let spaces = inFrame && pretty ? indent * 2 : 0
            let length = name.count
            let pretty = self.pretty
            bytes.write(upTo: spaces + length + 6) { at in
                var i = 0
                if comma { at[i] = UInt8(ascii: ","); i += 1 }
                if inFrame && pretty {
                    at[i] = 0x0A
                    memset(at + i + 1, 0x20, spaces)
                    i += 1 + spaces
                }
                at[i] = 0x22
                memcpy(at + i + 1, source, length)
                i += length + 1
                at[i] = 0x22
                at[i + 1] = UInt8(ascii: ":")
                i += 2
                if pretty { at[i] = 0x20; i += 1 }
                return i
            }
        }
    }

    mutating func open(_ k: String? = nil, array: Bool = false) {
        key(k)
        bytes.append(array ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        indent += 1
        needsComma.append(false)
    }

    mutating func close(array: Bool = false) {
        let had = needsComma.removeLast()
        indent -= 1
        if had { newline() }
        bytes.append(array ? UInt8(ascii: "]") : UInt8(ascii: "}"))
    }

    mutating func string(_ k: String?, _ v: String) { key(k); bytes.appendQuoted(v) }

    /// The members of an `outcomes` object just opened: each rule's outcome by its name.
    mutating func outcomes(_ outcomes: UnsafeBufferPointer<RuleOutcome>) {
        guard !outcomes.isEmpty else { return }
        OutcomeMembers.current.write(outcomes, pretty: pretty, indent: indent, into: &bytes)
        needsComma[needsComma.count - 1] = true
    }

    mutating func optionalString(_ k: String, _ v: String?) {
        if let v { string(k, v) } else { key(k); append("null" as StaticString) }
    }
    mutating func int(_ k: String?, _ v: Int) { key(k); append(String(v)) }
    mutating func bool(_ k: String?, _ v: Bool) { key(k); append(v ? "true" as StaticString : "false") }
    mutating func raw(_ k: String?, _ json: String) { key(k); append(json) }

    /// A list of strings on one line: `["A", "B"]`.
    mutating func strings(_ k: String?, _ values: [String]) { strings(k, values, \.self) }

    /// A list of rule ids on one line, as `strings` writes texts (without an array of their texts).
    mutating func strings(_ k: String?, _ values: [RuleID]) { strings(k, values, \.rawValue) }

    private mutating func strings<Element>(_ k: String?, _ values: [Element], _ text: (Element) -> String) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for i in values.indices {
            if i > 0 {
                bytes.append(UInt8(ascii: ","))
                if pretty { bytes.append(UInt8(ascii: " ")) }
            }
            bytes.appendQuoted(text(values[i]))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: - Objects every JSON report writes the same way

    /// `"citation": {source, section, text}`.
    /// A version's period, both keys written, `null` where open.
    mutating func period(_ k: String?, _ p: EffectivePeriod) {
        open(k)
        optionalString("from", p.from?.description)
        optionalString("until", p.until?.description)
        close()
    }

    mutating func citation(_ c: Citation) {
        open("citation")
        string("source", c.source)
        string("section", c.section)
        string("text", c.text)
        close()
    }

    /// `"asOf"`, `"phase"` and `"ruleSet": {name, version, digest}`: what decided a report.
    /// The run record: `run: {startedAt, finishedAt, durationSeconds}`, when the times are known.
    mutating func runRecord(_ record: RunRecord?) {
        guard let record else { return }
        open("run")
        string("startedAt", record.startedText)
        string("finishedAt", record.finishedText)
        raw("durationSeconds", record.durationText)
        close()
    }

    mutating func runContext(_ h: RunInfo) {
        string("asOf", h.asOf.description)
        string("phase", h.phase.rawValue)
        open("ruleSet")
        string("name", h.ruleSet.name)
        string("version", h.ruleSet.version)
        string("digest", h.ruleSet.digest)
        close()
        string("failOn", h.failOn.rawValue)
        if let shard = h.shard {
            open("shard")
            int("index", shard.index)
            int("count", shard.count)
            close()
        }
        if !h.exemptions.file.isEmpty {
            open("exemptions")
            string("file", h.exemptions.file)
            string("digest", h.exemptions.digest)
            close()
        }
    }

    /// An exemption as reports show it: what it excuses, why, who granted it, until when.
    mutating func exemption(_ e: Exemption, key: String? = "exemption") {
        open(key)
        string("rule", e.rule.rawValue)
        string("document", e.document)
        if let p = e.pointer { string("pointer", p.description) }
        string("reason", e.reason)
        string("grantedBy", e.grantedBy)
        string("grantedOn", e.grantedOn.description)
        string("expires", e.expires.description)
        string("at", e.place)
        close()
    }
}
