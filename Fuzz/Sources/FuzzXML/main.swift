import Foundation
import FuzzSupport

// Each input: the bytes as an XML dossier, loaded and, when they load, validated.
exit(FuzzSupport.runFuzzer { data, size in
    FuzzSupport.loadAndValidate(FuzzSupport.bytes(data, size), as: "input.xml")
    return 0
})
