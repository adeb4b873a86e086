import FuzzSupport

/// libFuzzer entry: the bytes as a XML dossier, loaded and, when they load, validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzSupport.loadAndValidate(Array(UnsafeBufferPointer(start: data, count: size)), as: "input.xml")
    return 0
}
