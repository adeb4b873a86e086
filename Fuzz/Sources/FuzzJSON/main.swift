import Foundation
import FuzzSupport

// Each input: the bytes as a JSON dossier, loaded and, when they load, validated.
exit(FuzzSupport.runFuzzer { data, size in
    FuzzSupport.loadAndValidate(FuzzSupport.bytes(data, size), as: "input.json")
    return 0
})
