// libFuzzer target: long-format row decoding (header mapping, days, times, kinds, values, units,
// plausibility) on arbitrary bytes. Every accepted event must satisfy the store's basic rules.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "importers/long_decoder.h"

using namespace dayzero::importers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto decoder = make_long_decoder_from_string(std::move(text), "fuzz.csv", {});
    DecodedRow row;
    while (decoder->next(row)) {
        if (!row.errors.empty()) continue;
        for (const auto& event : row.events) {
            if (event.patient_id.empty()) __builtin_trap();
            if (event.value && !std::isfinite(*event.value)) __builtin_trap();
        }
    }
    (void)decoder->finish();
    return 0;
}
