import Foundation

/// The operators of CEL: field selection, indexing, arithmetic with overflow errors,
/// heterogeneous equality, ordering across numeric types, and membership.
enum CELOperators {
    // MARK: - Selection and indexing

    static func select(_ v: CELValue, _ field: String, testOnly: Bool, optional: Bool) -> CELValue {
        switch v {
        case .error: return v
        case .map(let m):
            if testOnly { return .bool(m[field] != nil) }
            if let value = m[field] { return optional ? .optional(CELOptional(value)) : value }
            return optional ? .optional(.none) : .fail(.noSuchKey, "no such key: '\(field)'")
        case .optional(let o):
            // Through an optional: `has()` of an empty one is false; a selection stays optional.
            guard let inner = o.value else { return testOnly ? .bool(false) : .optional(.none) }
            return select(inner, field, testOnly: testOnly, optional: !testOnly)
        default:
            return .fail(.noSuchField, "type '\(v.type.name)' does not support field selection ('\(field)')")
        }
    }

    static func index(_ container: CELValue, _ key: CELValue, optional: Bool) -> CELValue {
        switch container {
        case .list(let l):
            let position: Int64
            switch key {
            case .int(let i): position = i
            case .uint(let u): guard u <= UInt64(Int64.max) else { return optional ? .optional(.none) : .fail(.indexOutOfRange, "index out of range: \(u)") }; position = Int64(u)
            case .double(let d):
                guard let i = Int64(exactly: d) else { return .fail(.invalidArgument, "invalid_argument: list index \(d) is not an integer") }
                position = i
            default: return .fail(.invalidArgument, "invalid_argument: a list index must be a number, not \(key.type.name)")
            }
            guard position >= 0, position < l.count else {
                return optional ? .optional(.none) : .fail(.indexOutOfRange, "index out of range: \(position)")
            }
            return optional ? .optional(CELOptional(l[Int(position)])) : l[Int(position)]
        case .map(let m):
            if let value = m[key] { return optional ? .optional(CELOptional(value)) : value }
            if MapKey(lookup: key) == nil, !optional { return .fail(.noSuchKey, "no such key: unsupported key type \(key.type.name)") }
            return optional ? .optional(.none) : .fail(.noSuchKey, "no such key: \(CELFormat.plain(key))")
        case .optional(let o):
            guard let inner = o.value else { return .optional(.none) }
            let v = index(inner, key, optional: true)
            return v
        default:
            return .noOverload("_[_]", [container, key])
        }
    }

    // MARK: - Unary

    static func unary(_ op: UnaryOperator, _ v: CELValue) -> CELValue {
        switch (op, v) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let i)):
            let (r, o) = Int64(0).subtractingReportingOverflow(i)
            return o ? .fail(.overflow, "integer overflow in negation") : .int(r)
        case (.negate, .double(let d)): return .double(-d)
        default: return .noOverload(op == .not ? "!_" : "-_", [v])
        }
    }

    // MARK: - Binary

    static func binary(_ op: BinaryOperator, _ a: CELValue, _ b: CELValue) -> CELValue {
        switch op {
        case .equal: return .bool(equals(a, b))
        case .notEqual: return .bool(!equals(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compare(a, b) else {
                if case .double(let x) = a, x.isNaN, isNumber(b) { return .bool(false) }
                if case .double(let y) = b, y.isNaN, isNumber(a) { return .bool(false) }
                return .noOverload("_\(op.rawValue)_", [a, b])
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in: return contains(b, a)
        default: return arithmetic(op, a, b)
        }
    }

    static func isNumber(_ v: CELValue) -> Bool {
        switch v {
        case .int, .uint, .double: return true
        default: return false
        }
    }

    /// Checked integer arithmetic, the same for int and uint: overflow and division by zero are
    /// errors. nil for an operator integers do not have.
    private static func integer<T: FixedWidthInteger>(_ op: BinaryOperator, _ x: T, _ y: T) -> Result<T, CELError>? {
        let r: (partialValue: T, overflow: Bool)
        switch op {
        case .add: r = x.addingReportingOverflow(y)
        case .subtract: r = x.subtractingReportingOverflow(y)
        case .multiply: r = x.multipliedReportingOverflow(by: y)
        case .divide:
            if y == 0 { return .failure(CELError(.divideByZero, "divide by zero")) }
            r = x.dividedReportingOverflow(by: y)
        case .remainder:
            if y == 0 { return .failure(CELError(.divideByZero, "modulus by zero")) }
            r = x.remainderReportingOverflow(dividingBy: y)
        default: return nil
        }
        return r.overflow ? .failure(CELError(.overflow, "\(T.isSigned ? "integer" : "unsigned integer") overflow in \(op.rawValue)")) : .success(r.partialValue)
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return integer(op, x, y)?.value(CELValue.int) ?? .noOverload("_\(op.rawValue)_", [a, b])
        case (.uint(let x), .uint(let y)):
            return integer(op, x, y)?.value(CELValue.uint) ?? .noOverload("_\(op.rawValue)_", [a, b])
        case (.double(let x), .double(let y)):
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            default: return .noOverload("_%_", [a, b])
            }
        case (.timestamp, _), (.duration, _): return CELTimeArithmetic.apply(op, a, b)
        case (.string(let x), .string(let y)) where op == .add: return .string(x + y)
        case (.bytes(let x), .bytes(let y)) where op == .add: return .bytes(x + y)
        case (.list(let x), .list(let y)) where op == .add:
            // Joining two document lists keeps their nodes, so items stay locatable.
            if let tree = x.nodeTree, tree === y.nodeTree {
                let ids = (0..<x.count).map(x.nodeID) + (0..<y.count).map(y.nodeID)
                return .list(CELList(picked: NodeSelection(tree: tree, ids: ids)))
            }
            return .list(CELList(x.values + y.values))
        default: return .noOverload("_\(op.rawValue)_", [a, b])
        }
    }

    // MARK: - Equality and ordering

    /// Heterogeneous equality: numbers compare by value across int, uint and double; values of
    /// different types are unequal; lists and maps compare element by element.
    static func equals(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return utf8Equal(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.type(let x), .type(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.int, _), (.uint, _), (.double, _):
            guard isNumber(b) else { return false }
            return compareNumbers(a, b) == 0
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count where !equals(x[i], y[i]) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let other = y[k], equals(v, other) else { return false }
            }
            return true
        case (.optional(let x), .optional(let y)):
            switch (x.value, y.value) {
            case (nil, nil): return true
            case (let p?, let q?): return equals(p, q)
            default: return false
            }
        default: return false
        }
    }

    /// -1, 0 or 1; nil when the two values have no order (different kinds, NaN, lists, maps).
    static func compare(_ a: CELValue, _ b: CELValue) -> Int? {
        switch (a, b) {
        case (.int, _), (.uint, _), (.double, _): return isNumber(b) ? compareNumbers(a, b) : nil
        case (.string(let x), .string(let y)):
            // Code point order, with no Unicode normalisation (Swift's == would equate é and e\u{301}).
            return utf8Equal(x, y) ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.bytes(let x), .bytes(let y)): return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.timestamp(let x), .timestamp(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.duration(let x), .duration(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        default: return nil
        }
    }

    /// Compares numbers of any CEL numeric type exactly, without rounding int or uint through
    /// double where that would lose precision. nil for NaN.
    static func compareNumbers(_ a: CELValue, _ b: CELValue) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.uint(let x), .uint(let y)): return sign(x, y)
        case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : sign(UInt64(x), y)
        case (.uint, .int): return compareNumbers(b, a).map { -$0 }
        // Against a double, integers are compared as doubles, as CEL's reference runtimes do.
        case (.int(let x), .double(let y)): return y.isNaN ? nil : sign(Double(x), y)
        case (.uint(let x), .double(let y)): return y.isNaN ? nil : sign(Double(x), y)
        case (.double, .int), (.double, .uint): return compareNumbers(b, a).map { -$0 }
        default: return nil
        }
    }

    /// Code-point equality of two strings (Swift's `==` also equates canonically equivalent
    /// strings, which CEL does not). Compares the UTF-8 bytes where they lie (see
    /// `withUTF8InPlace`): copies were a retain and a release apiece for every comparison.
    @inline(__always)
    static func utf8Equal(_ x: String, _ y: String) -> Bool {
        let count = x.utf8.count
        if count != y.utf8.count { return false }
        if count == 0 { return true }
        return x.withUTF8InPlace { a in y.withUTF8InPlace { b in memcmp(a.baseAddress!, b.baseAddress!, count) == 0 } }
    }

    /// `a in b`.
    static func contains(_ container: CELValue, _ element: CELValue) -> CELValue {
        switch container {
        case .list(let l):
            return .bool(l.firstIndex(of: element) != nil)
        case .map(let m):
            return .bool(m[element] != nil)
        default:
            return .noOverload("@in", [element, container])
        }
    }
}

extension Result where Failure == CELError {
    /// The success wrapped as a value, or the error as an error value.
    func value(_ wrap: (Success) -> CELValue) -> CELValue {
        switch self {
        case .success(let v): return wrap(v)
        case .failure(let e): return .error(e)
        }
    }
}
