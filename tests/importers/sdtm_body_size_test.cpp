// SDTM: a study's weights come from a VS decoder that read the whole file (an import streaming VS
// first reads it once), else from a pass over VS of their own; either way the doses are the same.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "importers/sdtm_study.h"
#include "test_files.h"

using namespace dayzero::importers;
using dayzero::importers::testing::data_dir;

namespace {

std::shared_ptr<SdtmStudy> messy_study() {
    const auto folder = data_dir() / "sdtm/messy";
    std::vector<std::string> files;
    for (const char* name : {"dm", "ex", "vs"})
        files.push_back((folder / (std::string(name) + ".csv")).string());
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load(files, {}, ignored);
    REQUIRE(study.is_ok());
    return study.value();
}

std::string path_of(const SdtmStudy& study, const std::string& name) {
    for (const auto& path : study.files()) {
        if (path.size() >= name.size() &&
            path.compare(path.size() - name.size(), name.size(), name) == 0)
            return path;
    }
    FAIL("no " << name << " in the study");
    return "";
}

// Decodes one file of the study to its end (or `rows` rows) and returns its accepted events.
std::vector<dayzero::store::Event> decode(const SdtmStudy& study, const std::string& name,
                                          DecodeOptions options = {}, size_t rows = SIZE_MAX) {
    auto decoder = study.make_decoder(path_of(study, name), options);
    REQUIRE(decoder.is_ok());
    std::vector<dayzero::store::Event> events;
    DecodedRow row;
    for (size_t read = 0; read < rows && (*decoder)->next_into(row, events); ++read) {
    }
    return events;
}

double toci_dose(const std::vector<dayzero::store::Event>& ex) {
    for (const auto& event : ex) {
        if (event.kind == dayzero::store::EventKind::kDose && event.code == "tocilizumab")
            return event.value.value_or(-1);
    }
    FAIL("no tocilizumab dose");
    return -1;
}

}  // namespace

TEST_CASE("sdtm body sizes: a whole VS decode gives them to the study, with the same doses") {
    auto gathered = messy_study();
    CHECK_FALSE(gathered->body_size_known());
    const double from_own_pass = toci_dose(decode(*gathered, "ex.csv"));
    CHECK(from_own_pass == Approx(480.0));  // 8 mg/kg × 60 kg from VS
    CHECK(gathered->body_size_known());

    auto offered = messy_study();
    decode(*offered, "vs.csv");
    CHECK(offered->body_size_known());  // no pass of their own is needed any more
    CHECK(toci_dose(decode(*offered, "ex.csv")) == from_own_pass);
    auto a = gathered->body_size().find("M1-001", "weight_kg", 2);
    auto b = offered->body_size().find("M1-001", "weight_kg", 2);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a == *b);
}

TEST_CASE("sdtm body sizes: a VS decode that stops early or reads other days offers nothing") {
    auto study = messy_study();
    decode(*study, "vs.csv", {}, 1);  // one row of several
    CHECK_FALSE(study->body_size_known());

    DecodeOptions any_day;
    any_day.allow_any_day = true;  // not the rules the study's own pass gathers with
    decode(*study, "vs.csv", any_day);
    CHECK_FALSE(study->body_size_known());

    CHECK(toci_dose(decode(*study, "ex.csv")) == Approx(480.0));
    CHECK(study->body_size_known());
}
