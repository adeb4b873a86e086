/// Function calls, planned by arity: the arguments are evaluated straight into the call, and the
/// first error among them is the result, without calling the function.

/// A call with no arguments (after the receiver, if any, is counted as one).
final class Call0Node: Interpretable, @unchecked Sendable {
    let function: CELFunction
    init(_ function: CELFunction) { self.function = function }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        frame.charged(function.implementation([]))
    }
}

/// A call with one argument: `size(x)`, `x.lower()`, `date(s)`.
final class Call1Node: Interpretable, @unchecked Sendable {
    let function: CELFunction
    let argument: Interpretable
    init(_ function: CELFunction, _ argument: Interpretable) {
        self.function = function
        self.argument = argument
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = argument.eval(&frame)
        if case .error = a { return a }
        if let unary = function.unary { return frame.charged(unary(a)) }
        return frame.charged(function.implementation([a]))
    }
}

/// A call with two arguments: `s.contains(t)`, `d.addYears(n)`.
final class Call2Node: Interpretable, @unchecked Sendable {
    let function: CELFunction
    let first: Interpretable
    let second: Interpretable
    init(_ function: CELFunction, _ first: Interpretable, _ second: Interpretable) {
        self.function = function
        self.first = first
        self.second = second
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = first.eval(&frame)
        if case .error = a { return a }
        let b = second.eval(&frame)
        if case .error = b { return b }
        return frame.charged(function.implementation([a, b]))
    }
}

/// A call with three or more arguments.
final class CallNode: Interpretable, @unchecked Sendable {
    let function: CELFunction
    let arguments: [Interpretable]
    init(_ function: CELFunction, _ arguments: [Interpretable]) {
        self.function = function
        self.arguments = arguments
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        var values: [CELValue] = []
        values.reserveCapacity(arguments.count)
        for node in arguments {
            let v = node.eval(&frame)
            if case .error = v { return v }
            values.append(v)
        }
        return frame.charged(function.implementation(values))
    }
}
