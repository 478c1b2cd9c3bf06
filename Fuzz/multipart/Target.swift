/// The target this fuzzer drives (see Fuzz/Entry.swift).
let fuzzTarget = FuzzTarget.multipart
