// libFuzzer target: the RFC 4180 CSV reader on arbitrary bytes, with a tiny block size so that
// refills split records, quotes and "" escapes at every possible point.
#include <cstddef>
#include <cstdint>
#include <string>

#include "importers/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using dayzero::importers::CsvReader;
    std::string text(reinterpret_cast<const char*>(data), size);
    const size_t block = size == 0 ? 1 : 1 + data[0] % 64;
    auto reader = CsvReader::from_string(text, block);
    dayzero::importers::CsvRecord record;
    uint64_t last_line = 0;
    while (reader->next(record)) {
        // Lines only move forward and fields point into text the reader owns.
        if (record.line < last_line) __builtin_trap();
        last_line = record.line;
        for (auto field : record.fields) {
            if (field.size() > size) __builtin_trap();
        }
        if (record.problem_column > record.fields.size() + 1) __builtin_trap();
    }
    return 0;
}
