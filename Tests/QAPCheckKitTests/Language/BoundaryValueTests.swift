import Foundation
import Testing
@testable import QAPCheckKit

/// Every operator and every library function on boundary values: whatever a rule asks, the
/// answer is a value or a CEL error, never a trap that would stop the batch. (A trap here ends
/// the test process, so the run fails.)
@Suite("Boundary values: no trap anywhere in evaluation")
struct BoundaryValueTests {
    static let values: [CELValue] = {
        let node = try! Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P","xs":[1,2.5,"a",null,true],"o":{"k":-1}}"#, as: "b.json")
        return [
            .int(.min), .int(.max), .int(0), .int(-1), .int(1), .uint(.max), .uint(0), .uint(UInt64(Int64.max) + 1),
            .double(.nan), .double(.infinity), .double(-.infinity), .double(-0.0), .double(.greatestFiniteMagnitude),
            .double(9.3e18), .double(-9.3e18), .double(.leastNonzeroMagnitude),
            .string(""), .string("😀e\u{301}\u{0}"), .string(String(repeating: "x", count: 70_000)), .string("2026-02-29"),
            .bytes([]), .bytes([0xFF, 0xFE]), .list(CELList([])), .list(CELList([.int(.max), .string("a"), .null])),
            .map(.empty), .map(try! CELMap.make([(.int(1), .uint(.max)), (.string(""), .list(CELList([])))]).get()),
            .null, .bool(true), .date(CivilDate(parsing: "9999-12-31")!), .date(CivilDate(parsing: "0001-01-01")!),
            .optional(.none), .optional(CELOptional(.int(.min))), .type(.int),
            .timestamp(CELTimestamp(seconds: CELTimestamp.minSeconds)!), .timestamp(CELTimestamp(seconds: CELTimestamp.maxSeconds, nanos: 999_999_999)!),
            .duration(CELDuration(nanoseconds: .min)), .duration(CELDuration(nanoseconds: .max)), .string("Asia/Kathmandu"), .string("-23:59"),
            CELValue(node: node.root), CELValue(node: node.root["xs"]!),
        ]
    }()

    static let functions = CELLibrary.standard.functions.values.sorted { ($0.name, "\($0.style)") < ($1.name, "\($1.style)") }

    /// Results must be values or errors; an error value must say something.
    func check(_ result: CELValue, _ what: @autoclosure () -> String) {
        if case .error(let e) = result { #expect(!e.message.isEmpty, "\(what()) gave an empty error") }
    }

    @Test func everyOperatorOnEveryPairOfBoundaryValues() {
        let ops: [BinaryOperator] = [.add, .subtract, .multiply, .divide, .remainder, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in]
        var evaluated = 0
        for a in Self.values {
            for op in [UnaryOperator.not, .negate] { check(CELOperators.unary(op, a), "\(op) \(a)") }
            for b in Self.values {
                for op in ops {
                    check(CELOperators.binary(op, a, b), "\(a) \(op) \(b)")
                    evaluated += 1
                }
                check(CELOperators.index(a, b, optional: false), "\(a)[\(b)]")
                check(CELOperators.index(a, b, optional: true), "\(a)[?\(b)]")
            }
        }
        #expect(evaluated == Self.values.count * Self.values.count * ops.count)
        // The arithmetic boundaries give errors, not wrapped values.
        #expect(CELOperators.binary(.add, .int(.max), .int(1)).isError)
        #expect(CELOperators.binary(.divide, .int(.min), .int(-1)).isError)
        #expect(CELOperators.binary(.remainder, .int(.min), .int(-1)).isError)
        #expect(CELOperators.binary(.divide, .uint(1), .uint(0)).isError)
        #expect(CELOperators.unary(.negate, .int(.min)).isError)
        #expect(CELOperators.binary(.subtract, .uint(0), .uint(1)).isError)
    }

    @Test func everyFunctionOnBoundaryArguments() throws {
        var calls = 0
        var generator = MutationTests.SplitMix(state: 0xB0D4)
        for f in Self.functions {
            let receiver = f.style == .receiver ? 1 : 0
            for arity in f.arity.clamped(to: 0...3) {
                let count = arity + receiver
                let combinations: [[CELValue]]
                switch count {
                case 0: combinations = [[]]
                case 1: combinations = Self.values.map { [$0] }
                case 2: combinations = Self.values.flatMap { a in Self.values.map { [a, $0] } }
                default:
                    combinations = (0..<1_500).map { _ in (0..<count).map { _ in Self.values.randomElement(using: &generator)! } }
                }
                for args in combinations {
                    check(f.implementation(args), "\(f.name)\(args)")
                    calls += 1
                }
            }
        }
        #expect(calls > 10_000, "\(calls) calls")
        for text in ["date('9999-12-31').addDays(1)", "date('0001-01-01').addDays(-1)", "date('2026-01-01').addDays(9223372036854775807)",
                     "date('2026-01-01').addYears(-9223372036854775808)", "date('2026-01-01').addMonths(120000)"] {
            #expect((try? cel(text))?.isError == true, "\(text) leaves the calendar: an error")
        }
        guard case .bool(true) = try cel("date('9999-12-30').addDays(1) == date('9999-12-31')") else { Issue.record("the last day"); return }
    }

    /// The trap the issue names: a uint index far past Int.max in a rule's `locate`.
    @Test func aHugeUnsignedIndexInLocateIsNoTrap() throws {
        let program = try CELProgram.compile("doc.xs[18446744073709551615u]", declarations: CELDeclarations(variables: ["doc"]))
        let dossier = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P","xs":[1]}"#, as: "b.json")
        let located = program.evaluateLocated([CELValue(node: dossier.root)], nodes: [dossier.root])
        #expect(located.node?.pointer.description == "/xs")
        #expect(located.value.isError)
        let negative = try CELProgram.compile("doc.xs[-9223372036854775808]", declarations: CELDeclarations(variables: ["doc"]))
        #expect(negative.evaluateLocated([CELValue(node: dossier.root)], nodes: [dossier.root]).node?.pointer.description == "/xs")
    }
}
