import ArgumentParser
import Foundation

/// A command whose positional arguments are one list of paths, which a shell glob can make
/// thousands long: `PathArguments` hands them over as one value of the hidden `--path-list`.
protocol TakesPathList: ParsableCommand {
    /// The paths given as positional arguments (a short command line's).
    var positionalPaths: [String] { get }
    /// The paths of a long command line: the hidden `--path-list` option's value.
    var pathList: PathList? { get }
}

extension TakesPathList {
    /// The paths named on the command line, in order, however they reached the parser.
    var namedPaths: [String] { positionalPaths + (pathList?.paths ?? []) }
}

/// The paths a long command line names, taken out of it before it is parsed.
///
/// The argument parser spends time quadratic in the count of positional values: each one
/// copies the list gathered so far and the set of places it came from. `qapcheck validate
/// nightly/*/*.xml` over 10,000 files spent 3 s there before the first file was read, three times
/// the run itself. So when a command line is long, the paths are found here (every other
/// argument is told by the command's own table of options and flags) and handed to the parser
/// as one value, joined by NUL, which no argument can hold.
enum PathArguments {
    /// Command lines of up to this many arguments are parsed as they are.
    static let threshold = 64
    /// The hidden option that carries the paths taken out.
    static let optionName = "path-list"

    /// What a command's arguments are, from the parser's own description of it.
    struct Table {
        /// Long (`format`) and short (`h`) names of options that take a value.
        var options: Set<String> = []
        /// Names of flags, which take none.
        var flags: Set<String> = []

        /// The table of a command the parser describes in `help` (its JSON dump), when its
        /// positional arguments are one list; nil otherwise.
        init?(help: String) {
            guard let dump = try? JSONDecoder().decode(HelpDump.self, from: Data(help.utf8)) else { return nil }
            let arguments = dump.command.arguments ?? []
            let positional = arguments.filter { $0.kind == "positional" }
            guard positional.count == 1, positional[0].isRepeating == true else { return nil }
            for argument in arguments {
                let names = (argument.names ?? []).map(\.name)
                switch argument.kind {
                case "option": options.formUnion(names)
                case "flag": flags.formUnion(names)
                case "positional": break
                default: return nil
                }
            }
        }
    }

    /// The part of the parser's JSON description of a command read here.
    private struct HelpDump: Decodable {
        struct Name: Decodable { let name: String }
        struct Argument: Decodable {
            let kind: String
            let names: [Name]?
            let isRepeating: Bool?
        }
        struct Command: Decodable { let arguments: [Argument]? }
        let command: Command
    }

    /// `arguments` (the subcommand's name first) with the paths of a list-taking subcommand
    /// moved into one `--path-list` value at the end; unchanged when short, when the subcommand
    /// takes no list, or when some argument is not in its table (the parser then says what is
    /// wrong with it, as it would have).
    static func compact(_ arguments: [String], subcommands: [any ParsableCommand.Type]) -> [String] {
        guard arguments.count > threshold, let name = arguments.first,
              let command = subcommands.first(where: { $0.configuration.commandName == name }), command is any TakesPathList.Type,
              let table = Table(help: command._dumpHelp()) else { return arguments }
        return compact(arguments, table: table) ?? arguments
    }

    /// `arguments` with their paths moved into one `--path-list` value, told by `table`; nil
    /// when some argument looks like an option the table does not have.
    static func compact(_ arguments: [String], table: Table) -> [String]? {
        var kept: [String] = [], paths: [String] = []
        kept.reserveCapacity(arguments.count)
        paths.reserveCapacity(arguments.count)
        if let first = arguments.first { kept.append(first) }
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if argument == "--" {
                paths.append(contentsOf: arguments[i...])
                break
            }
            if argument == "-" || !argument.hasPrefix("-") {
                paths.append(argument)
                continue
            }
            kept.append(argument)
            let name = argument.hasPrefix("--") ? String(argument.dropFirst(2)) : String(argument.dropFirst())
            if let equals = name.firstIndex(of: "=") {
                guard table.options.contains(String(name[..<equals])) else { return nil }
            } else if table.options.contains(name) {
                // Its value, whatever it looks like.
                if i < arguments.count {
                    kept.append(arguments[i])
                    i += 1
                }
            } else if !table.flags.contains(name) {
                return nil
            }
        }
        if paths.isEmpty { return arguments }
        return kept + ["--\(optionName)", paths.joined(separator: "\0")]
    }
}

/// The paths `PathArguments` took off a long command line.
struct PathList: ExpressibleByArgument {
    let paths: [String]

    init?(argument: String) { paths = argument.split(separator: "\0", omittingEmptySubsequences: false).map(String.init) }
}
