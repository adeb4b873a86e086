/// Retypes values after the fact, for the one case the JSON parser cannot type while reading:
/// root members written before `kind`, when the schema was not yet known.
enum SchemaTyping {
    static func retype(_ members: NodeObject, keys: [String], schema: SchemaNode) -> NodeObject {
        var result = members
        for (position, member) in members.members.enumerated() where keys.contains(member.key) {
            if let field = schema.property(member.key) {
                result.replaceValue(at: position, with: retype(member.value, schema: field))
            }
        }
        return result
    }

    static func retype(_ node: Node, schema: SchemaNode) -> Node {
        switch node.value {
        case .number(let n):
            return Node(.number(schema.typedNumber(n)), at: node.location, parent: node.parent, token: node.token)
        case .array(let items):
            guard let itemSchema = schema.items else { return node }
            return Node(.array(items.map { retype($0, schema: itemSchema) }), at: node.location, parent: node.parent, token: node.token)
        case .object(let o):
            return Node(.object(retype(o, keys: o.keys, schema: schema)), at: node.location, parent: node.parent, token: node.token)
        default:
            return node
        }
    }
}
