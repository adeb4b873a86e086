/// Unicode general categories by the names RE2 gives them in `\p{..}`: one letter for a group,
/// two for a category.
enum GeneralCategories {
    static let named: [String: [Unicode.GeneralCategory]] = {
        let categories: [String: Unicode.GeneralCategory] = [
            "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter, "Lo": .otherLetter,
            "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark,
            "Nd": .decimalNumber, "Nl": .letterNumber, "No": .otherNumber,
            "Pc": .connectorPunctuation, "Pd": .dashPunctuation, "Ps": .openPunctuation, "Pe": .closePunctuation,
            "Pi": .initialPunctuation, "Pf": .finalPunctuation, "Po": .otherPunctuation,
            "Sm": .mathSymbol, "Sc": .currencySymbol, "Sk": .modifierSymbol, "So": .otherSymbol,
            "Zs": .spaceSeparator, "Zl": .lineSeparator, "Zp": .paragraphSeparator,
            "Cc": .control, "Cf": .format, "Cs": .surrogate, "Co": .privateUse, "Cn": .unassigned,
        ]
        var named = categories.mapValues { [$0] }
        for group in ["L", "M", "N", "P", "S", "Z", "C"] {
            named[group] = categories.filter { $0.key.hasPrefix(group) }.map(\.value)
        }
        return named
    }()
}
