// libFuzzer target: wide-sheet row decoding (one row per patient-day, columns mapped to events by
// examples/wide/site_sheet.mapping.json, which uses every mapping feature) on arbitrary bytes,
// through decode_all so the second pass for doses before weights is exercised too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "fuzz_files.h"
#include "importers/wide_decoder.h"

using namespace dayzero;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const importers::WideMapping mapping = [] {
        auto loaded = importers::WideMapping::load(std::string(DAYZERO_SOURCE_DIR) +
                                                   "/examples/wide/site_sheet.mapping.json");
        if (!loaded) __builtin_trap();
        return loaded.value();
    }();
    const std::string path =
        fuzz::write_scratch("sheet.csv", {reinterpret_cast<const char*>(data), size});
    fuzz::check_decoded(importers::decode_wide_csv(path, mapping));
    return 0;
}
