/// Builds JSON text by hand, in a fixed key order, so that reports are byte-identical from run to
/// run and the key order is the one cli.md shows.
struct JSONWriter {
    private(set) var text = ""
    private var indent: Int
    private var needsComma: [Bool] = []
    let pretty: Bool

    init(indent: Int = 0, pretty: Bool = true) {
        self.indent = indent
        self.pretty = pretty
    }

    private mutating func newline() {
        guard pretty else { return }
        text += "\n"
        for _ in 0..<indent { text += "  " }
    }

    private mutating func separate() {
        if let last = needsComma.last {
            if last { text += "," }
            needsComma[needsComma.count - 1] = true
            newline()
        }
    }

    private mutating func key(_ k: String?) {
        separate()
        guard let k else { return }
        JSONText.appendQuoted(k, to: &text)
        text += pretty ? ": " : ":"
    }

    mutating func open(_ k: String? = nil, array: Bool = false) {
        key(k)
        text += array ? "[" : "{"
        indent += 1
        needsComma.append(false)
    }

    mutating func close(array: Bool = false) {
        let had = needsComma.removeLast()
        indent -= 1
        if had { newline() }
        text += array ? "]" : "}"
    }

    mutating func string(_ k: String?, _ v: String) { key(k); JSONText.appendQuoted(v, to: &text) }
    mutating func optionalString(_ k: String, _ v: String?) {
        if let v { string(k, v) } else { key(k); text += "null" }
    }
    mutating func int(_ k: String?, _ v: Int) { key(k); text += String(v) }
    mutating func bool(_ k: String?, _ v: Bool) { key(k); text += v ? "true" : "false" }
    mutating func raw(_ k: String?, _ json: String) { key(k); text += json }

    /// A list of strings on one line: `["A", "B"]`.
    mutating func strings(_ k: String?, _ values: [String]) {
        key(k)
        text += "["
        for (i, v) in values.enumerated() {
            if i > 0 { text += pretty ? ", " : "," }
            JSONText.appendQuoted(v, to: &text)
        }
        text += "]"
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
