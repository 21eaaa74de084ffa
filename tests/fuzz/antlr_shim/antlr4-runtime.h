#pragma once
#pragma GCC system_header
// Shim for the libFuzzer build only (scripts/fuzz.sh puts this folder first on the include path).
// Clang rejects one inline constructor in Debian's ANTLR 4.9 runtime headers
// (misc::InterpreterData() default-initialises a Vocabulary with const members, which GCC
// accepts); dayzero never uses InterpreterData, so that constructor is declared deleted here.
// InterpreterData() becomes "InterpreterData() = delete; static void unused_()" (the source's
// "{};" then completes that function); InterpreterData(args) stays as written.
#define DAYZERO_SHIM_SECOND_(first, second, ...) second
#define InterpreterData(...)                                                                      \
    DAYZERO_SHIM_SECOND_(__VA_OPT__(, ) InterpreterData(__VA_ARGS__), InterpreterData() = delete; \
                         static void dayzero_unused_constructor_(), )
#include_next <antlr4-runtime.h>
#undef InterpreterData
#undef DAYZERO_SHIM_SECOND_
