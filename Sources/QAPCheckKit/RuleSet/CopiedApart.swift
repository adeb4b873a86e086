import Yams

// Copies that share no object with what they were copied from.
//
// Each worker compiles a copy of the rule set of its own, so that evaluation counts no object
// from two cores at once (see `RuleSetLoader.load`). The files are read and their YAML parsed
// once, which was a third of compiling a copy; each further copy is compiled from a draft copied
// apart from that reading. Its strings, its YAML nodes (whose tags Yams resolves in place, on
// first use, so two threads reading one node would race) and its parameters' values are its own.

extension String {
    /// The same text in storage of its own (a short string is stored inline anyway).
    var copiedApart: String {
        var text = self
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                _ = buffer.initialize(fromContentsOf: bytes)
                return bytes.count
            }
        }
    }
}

extension Yams.Node {
    /// The same tree, every node, tag and string made anew.
    var copiedApart: Yams.Node {
        switch self {
        case .scalar(let s):
            return .scalar(Yams.Node.Scalar(s.string.copiedApart, s.tag.copy(), s.style, s.mark))
        case .mapping(let m):
            return .mapping(Yams.Node.Mapping(m.map { ($0.key.copiedApart, $0.value.copiedApart) }, m.tag.copy(), m.style, m.mark))
        case .sequence(let q):
            return .sequence(Yams.Node.Sequence(q.map(\.copiedApart), q.tag.copy(), q.style, q.mark))
        case .alias(let a):
            return .alias(Yams.Node.Alias(a.anchor, a.tag.copy(), a.mark))
        }
    }
}

extension YAMLValue {
    var copiedApart: YAMLValue { YAMLValue(node: node.copiedApart, file: file.copiedApart) }
}

extension CELValue {
    /// The same value, its strings, lists and maps made anew. Only what YAML gives a parameter is
    /// copied (null, booleans, numbers, strings, lists, maps of strings to those); any other kind
    /// is returned as it is.
    var copiedApart: CELValue {
        switch self {
        case .string(let s): return .string(s.copiedApart)
        case .list(let l): return .list(CELList(l.values.map(\.copiedApart)))
        case .map(let m):
            switch CELMap.make(m.entries.map { ($0.key.copiedApart, $0.value.copiedApart) }) {
            case .success(let copy): return .map(copy)
            case .failure: return self
            }
        default: return self
        }
    }
}

extension RuleSetLoader.Draft {
    /// The same draft, nothing in it shared with this one.
    var copiedApart: Self {
        var copy = Self()
        copy.name = name.copiedApart
        copy.version = version.copiedApart
        copy.description = description.copiedApart
        copy.sources = sources.map { SourceDocument(file: $0.file.copiedApart, title: $0.title.copiedApart, updated: $0.updated?.copiedApart) }
        copy.parameters = parameters.map { parameter in
            (parameter.name.copiedApart,
             parameter.values.map { Parameter.DatedValue(effective: $0.effective, value: $0.value.copiedApart) },
             parameter.description.copiedApart)
        }
        copy.ruleDates = ruleDates.map { ($0.kind.copiedApart, $0.name.copiedApart, $0.date.copiedApart) }
        copy.phases = phases.map { ($0.name.copiedApart, $0.description.copiedApart, $0.when?.copiedApart) }
        copy.rules = rules.map(\.copiedApart)
        copy.schemasFolder = schemasFolder?.copiedApart
        copy.testsFile = testsFile?.copiedApart
        copy.files = files.map(\.copiedApart)
        return copy
    }
}
