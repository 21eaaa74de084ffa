// Arbitrary bytes never crash a decoder, and every problem it reports is located.
#include <catch2/catch.hpp>

#include <random>

#include "importers/long_decoder.h"

using namespace dayzero::importers;

TEST_CASE("robustness: random CSV-ish input decodes without crashing, problems located") {
    std::mt19937 random(12345);
    const std::string alphabet = "P01,,\"\"\n\r\n-.9:<>Ftemplabdosemg/kg \xC3\xA9\xFF";
    for (int round = 0; round < 300; ++round) {
        std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
        const int length = static_cast<int>(random() % 400);
        for (int i = 0; i < length; ++i)
            text += alphabet[random() % alphabet.size()];
        auto decoder = make_long_decoder_from_string(text, "fuzz.csv", {});
        DecodedRow row;
        uint64_t last_line = 1;
        while (decoder->next(row)) {
            CHECK(row.line > last_line);
            last_line = row.line;
            for (const auto& problem : row.errors) {
                CHECK(problem.line == row.line);
                CHECK_FALSE(problem.message.empty());
            }
            if (row.errors.empty()) {
                for (const auto& event : row.events)
                    CHECK_FALSE(event.patient_id.empty());
            }
        }
        for (const auto& problem : decoder->finish())
            CHECK(problem.line >= 1);
    }
}
