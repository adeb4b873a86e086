/// A set of Unicode scalars, as a character class, `.`, `\d` or a `\p{..}` category denotes.
struct ScalarSet: Equatable, Sendable {
    enum Item: Equatable, Sendable {
        case range(UInt32, UInt32)
        case categories([Unicode.GeneralCategory], negated: Bool)
        /// A nested set, for classes inside classes (`[^\D]`, `[\P{L}x]`).
        case set(ScalarSet)
    }

    var items: [Item] = []
    var negated = false
    /// Under `(?i)`: a scalar belongs when it or one of its simple case variants does.
    var foldCase = false

    init(items: [Item] = [], negated: Bool = false, foldCase: Bool = false) {
        self.items = items
        self.negated = negated
        self.foldCase = foldCase
    }

    static func ranges(_ pairs: [(UInt32, UInt32)], negated: Bool = false) -> ScalarSet {
        ScalarSet(items: pairs.map { .range($0.0, $0.1) }, negated: negated)
    }

    func contains(_ c: UInt32) -> Bool {
        var found = containsExactly(c)
        if !found, foldCase {
            found = CaseVariants.of(c).contains { $0 != c && containsExactly($0) }
        }
        return found != negated
    }

    private func containsExactly(_ c: UInt32) -> Bool {
        for item in items {
            switch item {
            case .range(let lo, let hi):
                if c >= lo && c <= hi { return true }
            case .categories(let categories, let negated):
                guard let scalar = Unicode.Scalar(c) else { continue }
                if categories.contains(scalar.properties.generalCategory) != negated { return true }
            case .set(let inner):
                if inner.contains(c) { return true }
            }
        }
        return false
    }
}

/// The simple case variants of a scalar (itself, its lower, upper and title case when each is one
/// scalar), for case-insensitive matching.
enum CaseVariants {
    static func of(_ c: UInt32) -> [UInt32] {
        if c < 0x80 {
            if c >= 0x41 && c <= 0x5A { return [c, c + 0x20] }
            if c >= 0x61 && c <= 0x7A { return [c, c - 0x20] }
            return [c]
        }
        guard let scalar = Unicode.Scalar(c) else { return [c] }
        var out = [c]
        let p = scalar.properties
        for mapping in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
            let scalars = mapping.unicodeScalars
            if scalars.count == 1, let v = scalars.first?.value, !out.contains(v) { out.append(v) }
        }
        return out
    }
}
