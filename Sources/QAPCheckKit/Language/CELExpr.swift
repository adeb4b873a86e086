/// The syntax tree of a CEL expression, as the parser leaves it: macros already expanded into
/// their own nodes, and every node remembering where in the expression text it starts.
public struct CELExpr: Sendable {
    /// Offset of the node's first character, in Unicode scalars from the expression's start.
    public let offset: Int
    public let kind: Kind

    public indirect enum Kind: Sendable {
        case literal(CELValue)
        /// A name; `rootScoped` for a leading dot (`.y`), which skips local and container scopes.
        case ident(String, rootScoped: Bool)
        case select(CELExpr, field: String, testOnly: Bool, optional: Bool)
        case index(CELExpr, CELExpr, optional: Bool)
        case call(target: CELExpr?, function: String, args: [CELExpr])
        case unary(UnaryOperator, CELExpr)
        case binary(BinaryOperator, CELExpr, CELExpr)
        case and(CELExpr, CELExpr)
        case or(CELExpr, CELExpr)
        case conditional(CELExpr, CELExpr, CELExpr)
        case list([CELExpr], optional: [Bool])
        case map([MapEntry])
        case message(name: String, fields: [FieldInit])
        case comprehension(Comprehension)
    }

    public struct MapEntry: Sendable {
        public let key: CELExpr
        public let value: CELExpr
        public let optional: Bool
    }

    public struct FieldInit: Sendable {
        public let field: String
        public let value: CELExpr
        public let optional: Bool
    }

    /// A macro: `range.all(x, p)` and its relatives, with one or two iteration variables.
    public struct Comprehension: Sendable {
        public enum Macro: String, Sendable {
            case all, exists, existsOne, map, filter, transformList, transformMap
            /// On an optional: `o.optMap(x, t)` and `o.optFlatMap(x, t)`.
            case optMap, optFlatMap
        }
        public let macro: Macro
        public let range: CELExpr
        /// The iteration variable; for two-variable forms, the index or key.
        public let variable: String
        /// The second variable of two-variable forms (the value).
        public let variable2: String?
        /// The filter of `map(x, p, t)` and the filtered transform forms.
        public let filter: CELExpr?
        /// The predicate or transform.
        public let body: CELExpr
    }

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

public enum UnaryOperator: String, Sendable { case not = "!", negate = "-" }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in"
}
