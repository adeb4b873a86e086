import Foundation
import Testing
@testable import QAPCheckKit

/// The tree builder keeps the children of open containers on one stack and, when a container
/// closes, lowers the stack's count and keeps the room for the next ones. These documents close
/// and open containers at every depth, so each sibling's children are written over an earlier
/// container's; the tree must still hold exactly what Foundation's own JSON reader finds.
@Suite struct WaitingRoomTests {
    /// A document of nested objects and lists, the same for a seed: containers of zero to five
    /// members, to depth four, with numbers, strings, booleans and nulls among them.
    static func document(seed: UInt64) -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        func value(depth: Int) -> String {
            switch depth >= 4 ? 2 + next(4) : next(6) {
            case 0: return "{" + (0..<next(6)).map { "\"k\($0)\": \(value(depth: depth + 1))" }.joined(separator: ", ") + "}"
            case 1: return "[" + (0..<next(6)).map { _ in value(depth: depth + 1) }.joined(separator: ", ") + "]"
            case 2: return String(next(1000))
            case 3: return "\"s\(next(50))-ĝ\""
            case 4: return next(2) == 0 ? "true" : "false"
            default: return "null"
            }
        }
        return "{" + (0..<8).map { "\"m\($0)\": \(value(depth: 1))" }.joined(separator: ", ") + "}"
    }

    /// Foundation's booleans are numbers of a class of their own (and `1 is Bool` holds).
    static let booleanType: Any.Type = type(of: (try! JSONSerialization.jsonObject(with: Data("[true]".utf8)) as! [Any])[0])
    static func isBoolean(_ value: Any) -> Bool { type(of: value) == booleanType }

    /// Whether the tree below `node` says what Foundation read.
    static func same(_ node: Node, _ other: Any) -> Bool {
        switch node.value {
        case .object(let object):
            guard let dictionary = other as? [String: Any], dictionary.count == object.count else { return false }
            return object.members.allSatisfy { member in dictionary[member.key].map { same(member.value, $0) } ?? false }
        case .array(let array):
            guard let items = other as? [Any], items.count == array.count else { return false }
            return zip(array, items).allSatisfy { same($0, $1) }
        case .string(let s): return (other as? String) == s
        case .number(let n): return !isBoolean(other) && (other as? NSNumber)?.doubleValue == n.doubleValue
        case .bool(let b): return isBoolean(other) && (other as? NSNumber)?.boolValue == b
        case .null: return other is NSNull
        }
    }

    @Test(arguments: 1...40)
    func containersClosedAndOpenedAgainKeepTheirOwnChildren(seed: Int) throws {
        let text = Self.document(seed: UInt64(seed))
        var parser = JSONParser(bytes: Array(text.utf8), limits: .default, schemas: nil)
        let root = try parser.parse()
        let expected = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.same(root, expected), "\(text)")
    }

    /// The check itself tells trees apart: a document read against another seed's is different.
    @Test func theComparisonSeesADifferentTree() throws {
        var parser = JSONParser(bytes: Array(Self.document(seed: 1).utf8), limits: .default, schemas: nil)
        let root = try parser.parse()
        let other = try JSONSerialization.jsonObject(with: Data(Self.document(seed: 2).utf8))
        #expect(!Self.same(root, other))
    }
}
