#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own driver, called from a target's main: SwiftPM gives every executable a main of
/// its own, so libFuzzer's main is never linked and the target starts the fuzzer itself.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
