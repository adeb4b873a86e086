/// The document node an expression's result was read from, following selections and indexes from
/// a variable bound to a node, so an aggregate rule can point its finding at the exact place
/// (`doc.cases`). When a field is missing, the nearest node above it.
enum NodeLocator {
    static func locate(_ node: Interpretable, nodes: [Node?], frame: inout EvaluationFrame) -> Node? {
        switch node {
        case let n as ConditionalNode:
            guard case .bool(let b) = n.condition.eval(&frame) else { return nil }
            return locate(b ? n.then : n.otherwise, nodes: nodes, frame: &frame)
        case let n as GlobalNode:
            return n.slot < nodes.count ? nodes[n.slot] : nil
        case let n as SelectNode:
            guard let base = locate(n.operand, nodes: nodes, frame: &frame) else { return nil }
            return base[n.field] ?? base
        case let n as IndexNode:
            guard let key = (n.index as? ConstantNode)?.value, let base = locate(n.operand, nodes: nodes, frame: &frame) else { return nil }
            switch key {
            case .int(let i): return base[Int(i)] ?? base
            case .uint(let u): return Int(exactly: u).flatMap { base[$0] } ?? base
            case .string(let s): return base[s] ?? base
            default: return base
            }
        default:
            return nil
        }
    }
}
