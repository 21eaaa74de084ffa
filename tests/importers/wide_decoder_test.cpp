// Wide sheets: the shipped example and its mapping, daily vasopressor state, located errors.
#include <catch2/catch.hpp>

#include <tuple>

#include "importers/wide_decoder.h"
#include "test_files.h"

using namespace dayzero::importers;
using dayzero::importers::testing::ScratchDir;
using dayzero::store::Event;
using dayzero::store::EventKind;

namespace {

const std::string kExamples = std::string(DAYZERO_SOURCE_DIR) + "/examples/wide/";

// The header of the example site sheet (examples/wide/site_sheet.csv).
const std::string kSheetHeader =
    "patient,day,tmax,temp_unit,sbp_min,o2_device,o2_flow,vasopressors,"
    "fluids_for_hypotension,il6,crp_mg_dl,toci_mg,dexa_mg,icans_grade,weight_kg\n";

WideMapping example_mapping() {
    auto mapping = WideMapping::load(kExamples + "site_sheet.mapping.json");
    REQUIRE(mapping.is_ok());
    return mapping.value();
}

std::vector<const Event*> select(const DecodedFile& file, const std::string& patient,
                                 EventKind kind) {
    std::vector<const Event*> out;
    for (const auto& e : file.events) {
        if (e.patient_id == patient && e.kind == kind) out.push_back(&e);
    }
    return out;
}

}  // namespace

TEST_CASE("wide: the example site sheet decodes with its mapping") {
    auto mapping = example_mapping();
    auto file = decode_wide_csv(kExamples + "site_sheet.csv", mapping);
    for (const auto& error : file.errors)
        FAIL_CHECK(error.to_string());
    CHECK(file.rows_read == 12);

    auto temps = select(file, "SITE7-02", EventKind::kTemp);
    REQUIRE(temps.size() == 5);
    CHECK(*temps[2]->value == Approx((101.8 - 32.0) * 5.0 / 9.0));  // unit from temp_unit
    CHECK(temps[2]->day == 1);

    auto oxygen = select(file, "SITE7-01", EventKind::kOxygen);
    REQUIRE(oxygen.size() == 7);
    CHECK(oxygen[2]->code == "low_flow_nc");
    CHECK(*oxygen[2]->value == 2.0);
    CHECK(oxygen[3]->code == "high_flow_nc");
    CHECK_FALSE(oxygen[0]->value.has_value());

    // Drugs listed per day become start/stop events at the first listed / first unlisted day.
    auto starts = select(file, "SITE7-01", EventKind::kVasopressorStart);
    auto stops = select(file, "SITE7-01", EventKind::kVasopressorStop);
    REQUIRE(starts.size() == 2);
    REQUIRE(stops.size() == 2);
    CHECK((starts[0]->code == "norepinephrine" && starts[0]->day == 2));
    CHECK((starts[1]->code == "vasopressin" && starts[1]->day == 3));
    CHECK((stops[0]->code == "norepinephrine" && stops[0]->day == 4));
    CHECK((stops[1]->code == "vasopressin" && stops[1]->day == 5));

    auto fluids = select(file, "SITE7-01", EventKind::kHypotensionFluids);
    REQUIRE(fluids.size() == 1);
    CHECK(fluids[0]->day == 1);
    auto crp = select(file, "SITE7-01", EventKind::kLab);
    CHECK(crp.size() == 14);  // IL6 and CRP on 7 days
    auto doses = select(file, "SITE7-01", EventKind::kDose);
    REQUIRE(doses.size() == 3);
    CHECK(select(file, "SITE7-01", EventKind::kIcans).size() == 1);
    CHECK(select(file, "SITE7-02", EventKind::kBaseline).size() == 1);
}

TEST_CASE("wide: bad cells are located by their column, a missing column fails the file") {
    ScratchDir dir;
    auto mapping = example_mapping();
    const std::string sheet =
        dir.write("sheet.csv", kSheetHeader +
                                   "S1,0,37.0,C,120,RA,,none,no,3,1,,,,70\n"
                                   "S1,1,hot,C,120,TENT,,none,maybe,3,1,,,,\n"
                                   "S1,1,37.0,C,120,RA,,dobutamine,no,3,1,,,,\n");
    auto file = decode_wide_csv(sheet, mapping);
    REQUIRE(file.errors.size() == 4);
    CHECK(file.errors[0].to_string() == sheet + ":3:3: not a number (field 'tmax', value 'hot')");
    CHECK(file.errors[1].column == 6);
    CHECK(file.errors[1].message.find("unknown oxygen device") != std::string::npos);
    CHECK(file.errors[2].column == 9);
    CHECK(file.errors[2].message == "expected yes or no");
    CHECK(file.errors[3].line == 4);  // line 3 was rejected, so day 1 is still "new" here
    CHECK(file.errors[3].column == 8);
    CHECK(file.errors[3].message.find("unknown vasopressor") != std::string::npos);

    const std::string repeated =
        dir.write("repeat.csv", kSheetHeader +
                                    "S1,1,37.0,C,120,RA,,none,no,3,1,,,,70\n"
                                    "S1,1,37.0,C,120,RA,,none,no,3,1,,,,\n");
    auto twice = decode_wide_csv(repeated, mapping);
    REQUIRE(twice.errors.size() == 1);
    CHECK(twice.errors[0].line == 3);
    CHECK(twice.errors[0].column == 2);
    CHECK(twice.errors[0].message.find("increasing day order") != std::string::npos);

    const std::string missing = dir.write("missing.csv", "patient,day,tmax\nS1,0,37\n");
    auto broken = decode_wide_csv(missing, mapping);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.errors[0].message ==
          "column 'temp_unit' named in the mapping is not in the header");
    CHECK(broken.events.empty());
}

TEST_CASE("wide: daily vasopressors follow each patient when the sheet interleaves them") {
    ScratchDir dir;
    auto mapping = example_mapping();
    // Sorted by day, then patient: S1's drug stops on day 2 although S2's rows come between.
    const std::string sheet = dir.write("by_day.csv", kSheetHeader +
                                                          "S1,0,37.0,C,120,RA,,none,no,,,,,,70\n"
                                                          "S2,0,37.0,C,120,RA,,none,no,,,,,,70\n"
                                                          "S1,1,39.0,C,80,RA,,NE,no,,,,,,\n"
                                                          "S2,1,37.0,C,120,RA,,none,no,,,,,,\n"
                                                          "S1,2,39.0,C,120,RA,,none,no,,,,,,\n"
                                                          "S2,2,37.0,C,120,RA,,NE,no,,,,,,\n"
                                                          "S1,3,37.0,C,120,RA,,none,no,,,,,,\n"
                                                          "S2,3,37.0,C,120,RA,,NE,no,,,,,,\n");
    auto file = decode_wide_csv(sheet, mapping);
    REQUIRE(file.errors.empty());
    auto s1_starts = select(file, "S1", EventKind::kVasopressorStart);
    auto s1_stops = select(file, "S1", EventKind::kVasopressorStop);
    REQUIRE(s1_starts.size() == 1);
    CHECK(s1_starts[0]->day == 1);
    REQUIRE(s1_stops.size() == 1);
    CHECK(s1_stops[0]->day == 2);
    auto s2_starts = select(file, "S2", EventKind::kVasopressorStart);
    REQUIRE(s2_starts.size() == 1);  // listed on days 2 and 3: one start, still running
    CHECK(s2_starts[0]->day == 2);
    CHECK(select(file, "S2", EventKind::kVasopressorStop).empty());

    // Going back in a patient's days is still refused, naming the day it follows.
    const std::string back = dir.write("back.csv", kSheetHeader +
                                                       "S1,2,37.0,C,120,RA,,none,no,,,,,,70\n"
                                                       "S2,0,37.0,C,120,RA,,none,no,,,,,,70\n"
                                                       "S1,1,37.0,C,120,RA,,none,no,,,,,,\n");
    auto refused = decode_wide_csv(back, mapping);
    REQUIRE(refused.errors.size() == 1);
    CHECK(refused.errors[0].line == 4);
    CHECK(refused.errors[0].message ==
          "rows of a patient must be in increasing day order for the daily vasopressor column "
          "(patient S1 had day 2 before)");
}

TEST_CASE("wide: a mapping key it does not know is refused, never read as left out") {
    ScratchDir dir;
    // "units" for "unit" would leave the CRP in mg/L; "time_colum" would make every event untimed.
    const std::string entry =
        dir.write("entry.json", R"({"patient_column": "patient", "day_column": "day",
                          "columns": [{"column": "crp", "kind": "lab", "code": "CRP",
                                       "units": "mg/dL"}]})");
    auto refused = WideMapping::load(entry);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().message() ==
          entry +
              ": unknown key 'units' in an entry of \"columns\" ('crp') (known: column, kind, "
              "code, code_from_cell, codes, value_column, unit, unit_column, separator, "
              "day_column), did you mean 'unit'?");
    const std::string top = dir.write(
        "top.json", R"({"patient_column": "patient", "day_column": "day", "time_colum": "time",
                        "columns": [{"column": "tmax", "kind": "temp"}]})");
    auto top_refused = WideMapping::load(top);
    REQUIRE_FALSE(top_refused.is_ok());
    CHECK(top_refused.status().message().find(
              "unknown key 'time_colum' in the mapping (known: about, layout, patient_column, "
              "day_column, time_column, columns), did you mean 'time_column'?") !=
          std::string::npos);
}

TEST_CASE("wide: a mapping file with an unknown kind is refused with its name") {
    ScratchDir dir;
    const std::string path =
        dir.write("m.json", R"({"columns": [{"column": "x", "kind": "feverish"}]})");
    auto mapping = WideMapping::load(path);
    REQUIRE_FALSE(mapping.is_ok());
    CHECK(mapping.status().message() == path + ": column 'x': unknown kind 'feverish'");
}

TEST_CASE("wide: empty cells and NA markers are 'not measured', never errors") {
    ScratchDir dir;
    auto mapping = example_mapping();
    const std::string path = dir.write("cytokines.csv", kSheetHeader +
                                                            "P1,0,38.2,C,,,,,,NA,N/A,,,,70\n"
                                                            "P1,1,NA,,.,,,,,12,ND,,,-,\n"
                                                            "P1,2,,,,,,,,,,,,,\n");
    auto file = decode_wide_csv(path, mapping);
    for (const auto& error : file.errors)
        FAIL_CHECK(error.to_string());
    CHECK(file.rows_read == 3);
    CHECK(file.events.size() == 3);  // the temperature and weight of day 0, IL6 of day 1
    CHECK(select(file, "P1", EventKind::kLab).size() == 1);
    CHECK(file.rows_skipped == 1);
}

TEST_CASE("wide: a one-row-per-patient sheet gives attributes on day 0 and dated outcomes") {
    const std::string folder = std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/wide/";
    auto mapping = WideMapping::load(folder + "outcomes.mapping.json");
    REQUIRE(mapping.is_ok());
    auto file = decode_wide_csv(folder + "outcomes.csv", mapping.value());
    for (const auto& error : file.errors)
        FAIL_CHECK(error.to_string());
    CHECK(file.rows_read == 4);
    CHECK(file.events.size() == 16);
    auto baseline = select(file, "W01", EventKind::kBaseline);
    REQUIRE(baseline.size() == 3);
    CHECK(baseline[0]->day == 0);
    // patient, kind -> the one event's code and day
    const std::vector<std::tuple<std::string, EventKind, std::string, int32_t>> outcomes{
        {"W01", EventKind::kResponse, "CR_MRD_NEG", 28},
        {"W01", EventKind::kLastFollowup, "", 412},
        {"W02", EventKind::kRelapse, "", 140},
        {"W02", EventKind::kDeath, "relapse", 201},
        {"W03", EventKind::kDeath, "crs", 9}};
    for (const auto& [patient, kind, code, day] : outcomes) {
        auto found = select(file, patient, kind);
        INFO(patient << " " << dayzero::store::kind_name(kind));
        REQUIRE(found.size() == 1);
        CHECK(found[0]->code == code);
        CHECK(found[0]->day == day);
    }
    CHECK(select(file, "W03", EventKind::kResponse).empty());  // NA: not measured
    CHECK(select(file, "W04", EventKind::kBaseline).size() == 2);
}

TEST_CASE("wide: a per-patient outcome without its day is an error on the day column") {
    ScratchDir dir;
    const std::string folder = std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/wide/";
    auto mapping = WideMapping::load(folder + "outcomes.mapping.json");
    REQUIRE(mapping.is_ok());
    const std::string path =
        dir.write("outcomes.csv",
                  "patient,age,sex,weight,best_response,response_day,relapsed,relapse_day,died,"
                  "death_cause,death_day,last_contact_day\n"
                  "W01,54,M,70,PR,,no,,no,,,412\n");
    auto file = decode_wide_csv(path, mapping.value());
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].column == 6);
    CHECK(file.errors[0].message == "no day for this row's 'best_response'");
    CHECK(file.events.empty());
}

TEST_CASE("wide: a per-patient day whose event cell records nothing is never dropped") {
    ScratchDir dir;
    const std::string folder = std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/wide/";
    auto mapping = WideMapping::load(folder + "outcomes.mapping.json");
    REQUIRE(mapping.is_ok());
    const std::string header =
        "patient,age,sex,weight,best_response,response_day,relapsed,relapse_day,died,"
        "death_cause,death_day,last_contact_day\n";
    // A death day with an empty cause: a death of unknown cause on day 30.
    auto died = decode_wide_csv(dir.write("died.csv", header + "W05,50,M,70,PR,28,no,,yes,,30,\n"),
                                mapping.value());
    REQUIRE(died.errors.empty());
    auto deaths = select(died, "W05", EventKind::kDeath);
    REQUIRE(deaths.size() == 1);
    CHECK(deaths[0]->day == 30);
    CHECK(deaths[0]->code.empty());
    // A relapse day beside "no", or a response day with no response: an error on the day.
    auto relapse = decode_wide_csv(
        dir.write("relapse.csv", header + "W06,50,M,70,,28,no,140,no,,,200\n"), mapping.value());
    REQUIRE(relapse.errors.size() == 2);
    CHECK(relapse.errors[0].column == 6);
    CHECK(relapse.errors[0].message ==
          "'response_day' gives a day but 'best_response' records no response (it is empty): a "
          "day needs its event; empty the day or fill in the event");
    CHECK(relapse.errors[1].column == 8);
    CHECK(relapse.errors[1].message ==
          "'relapse_day' gives a day but 'relapsed' records no relapse ('no'): a day needs its "
          "event; empty the day or fill in the event");
    CHECK(relapse.events.empty());
}

TEST_CASE("wide: a patient id starting with '~' or holding a control character is an error") {
    ScratchDir dir;
    auto mapping = example_mapping();
    const std::string path = dir.write("ids.csv", kSheetHeader +
                                                      "~keys,0,38.2,C,,,,,,,,,,,\n"
                                                      "\"P1\n\",0,38.2,C,,,,,,,,,,,\n"
                                                      "P1,0,38.2,C,,,,,,,,,,,\n");
    auto file = decode_wide_csv(path, mapping);
    REQUIRE(file.errors.size() == 2);
    CHECK(file.errors[0].line == 2);
    CHECK(file.errors[0].column == 1);
    CHECK(file.errors[0].message ==
          "patient id starts with '~', which the store keeps for its own records");
    CHECK(file.errors[1].line == 3);
    CHECK(file.errors[1].message == "patient id contains a control character");
    REQUIRE(file.events.size() == 1);
    CHECK(file.events[0].patient_id == "P1");
}

TEST_CASE("wide: an oxygen flow with an empty device cell is an error on the device column") {
    ScratchDir dir;
    auto mapping = example_mapping();
    const std::string path = dir.write("flow.csv", kSheetHeader +
                                                       "P1,1,38.2,C,,,5,,,,,,,,\n"
                                                       "P1,2,38.2,C,,NA,NA,,,,,,,,\n");
    auto file = decode_wide_csv(path, mapping);
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].to_string() ==
          path +
              ":2:6: 'o2_flow' holds '5' but 'o2_device' is empty: the value has no device "
              "(field 'o2_device')");
    CHECK(file.events.size() == 1);  // day 2's temperature; its NA device and flow say nothing
}

TEST_CASE("wide: a cell that is not UTF-8 is an error on its column") {
    ScratchDir dir;
    const std::string folder = std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/wide/";
    auto mapping = WideMapping::load(folder + "outcomes.mapping.json");
    REQUIRE(mapping.is_ok());
    const std::string path = dir.write(
        "latin1.csv",
        "patient,age,sex,weight,best_response,response_day,relapsed,relapse_day,died,death_cause,"
        "death_day,last_contact_day\n"
        "W01,54,F\xE9,70,,,no,,no,,,\n");
    auto file = decode_wide_csv(path, mapping.value());
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].column == 3);
    CHECK(file.errors[0].message == "'sex' is not valid UTF-8");
    CHECK(file.events.empty());
}

TEST_CASE("wide: a patient's baseline attribute has one value in a sheet") {
    // The one-row-per-patient sheet with W01 twice: the same age again is accepted, another sex
    // is not (the row is rejected at the sex column, naming the first row's line).
    ScratchDir dir;
    const std::string folder = std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/wide/";
    auto mapping = WideMapping::load(folder + "outcomes.mapping.json");
    REQUIRE(mapping.is_ok());
    const std::string sheet = dir.write(
        "twice.csv",
        "patient,age,sex,weight,best_response,response_day,relapsed,relapse_day,died,death_cause,"
        "death_day,last_contact_day\n"
        "W01,54,M,70,CR MRD-,28,no,,no,,,412\n"
        "W02,61,F,,PR,29,yes,140,yes,relapse,201,\n"
        "W01,54,M,72,,,,,,,,\n"
        "W01,54,F,,,,,,,,,\n");
    auto file = decode_wide_csv(sheet, mapping.value());
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].line == 5);
    CHECK(file.errors[0].column == 3);
    CHECK(file.errors[0].message ==
          "line 2 gave patient W01 another sex than F: a patient has one baseline sex (only "
          "weight_kg and bsa_m2 may change from day to day)");
    CHECK(file.rows_rejected == 1);
}
