// The generator is deterministic by seed, patients are independent of cohort size, and every
// long-CSV row it writes is well formed.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "generator/cohort_generator.h"
#include "generator/long_csv_writer.h"
#include "store/event.h"

namespace gen = dayzero::generator;

namespace {

std::string render_csv(uint64_t seed, uint64_t patients) {
    std::ostringstream out;
    gen::LongCsvWriter writer(out);
    for (uint64_t i = 0; i < patients; ++i) {
        writer.write(gen::generate_patient(seed, i, patients).events);
    }
    return out.str();
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields(1);
    for (char c : line) {
        if (c == ',')
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

}  // namespace

TEST_CASE("the same seed gives byte-identical output") {
    CHECK(render_csv(45, 12) == render_csv(45, 12));
}

TEST_CASE("different seeds give different cohorts") {
    CHECK(render_csv(45, 5) != render_csv(46, 5));
}

TEST_CASE("a patient does not depend on the size of its cohort") {
    const auto small = gen::generate_patient(93, 3, 10);
    const auto large = gen::generate_patient(93, 3, 500);
    REQUIRE(small.plan.patient_id == "P0004");
    REQUIRE(small.events.size() == large.events.size());
    for (size_t i = 0; i < small.events.size(); ++i) {
        CHECK(gen::LongCsvWriter::format_row(small.events[i]) ==
              gen::LongCsvWriter::format_row(large.events[i]));
    }
}

TEST_CASE("patient ids widen with the cohort and stay sortable") {
    CHECK(gen::id_width(45) == 4);
    CHECK(gen::id_width(10000) == 5);
    CHECK(gen::generate_patient(1, 0, 100000).plan.patient_id == "P000001");
}

TEST_CASE("every long-CSV row is well formed") {
    const std::string csv = render_csv(2024, 150);
    std::istringstream in(csv);
    std::string line;
    REQUIRE(std::getline(in, line));
    CHECK(line == gen::kLongCsvHeader);
    const std::regex time_re("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    const std::regex number_re("^-?[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?$");
    size_t rows = 0;
    std::string previous_patient;
    std::pair<int, int> previous_key{0, 0};
    while (std::getline(in, line)) {
        ++rows;
        INFO("row " << rows << ": " << line);
        const auto f = split(line);
        REQUIRE(f.size() == 8);
        CHECK(!f[0].empty());
        const int day = std::stoi(f[1]);
        CHECK(std::to_string(day) == f[1]);
        CHECK(day >= -7);
        CHECK(day <= 1200);
        if (!f[2].empty()) CHECK(std::regex_match(f[2], time_re));
        const auto kind = dayzero::store::parse_kind(f[3]);
        REQUIRE(kind.has_value());
        CHECK(dayzero::store::kind_name(*kind) == f[3]);
        const bool text_value =
            f[3] == "baseline" && (f[4] == "sex" || f[4] == "center" || f[4] == "arm");
        if (!f[5].empty() && !text_value) CHECK(std::regex_match(f[5], number_re));
        // Timeline order within a patient: day, then untimed before timed, then time.
        const int minute =
            f[2].empty() ? -1 : std::stoi(f[2].substr(0, 2)) * 60 + std::stoi(f[2].substr(3, 2));
        const std::pair<int, int> key{day, minute};
        if (f[0] == previous_patient) CHECK(previous_key <= key);
        previous_patient = f[0];
        previous_key = key;
    }
    CHECK(rows > 150 * 300);
}
