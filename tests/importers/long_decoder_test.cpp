// The canonical long format: decoding, normalisation, and every malformed-row case located.
#include <catch2/catch.hpp>

#include "importers/decoder_support.h"
#include "importers/long_decoder.h"
#include "test_files.h"

using namespace dayzero::importers;
using dayzero::importers::testing::data_dir;
using dayzero::store::EventKind;

namespace {

const ImportProblem* find_line(const std::vector<ImportProblem>& problems, uint64_t line) {
    for (const auto& problem : problems) {
        if (problem.line == line) return &problem;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("long: a real-looking file decodes to normalised events") {
    auto file = decode_long_csv((data_dir() / "long/cohort_small.csv").string());
    INFO((file.errors.empty() ? "" : file.errors.front().to_string()));
    REQUIRE(file.ok());
    REQUIRE(file.events.size() == 14);
    CHECK(file.rows_read == 14);

    const auto& age = file.events[0];
    CHECK(age.patient_id == "P001");
    CHECK(age.kind == EventKind::kBaseline);
    CHECK(age.code == "age");
    CHECK(*age.value == 54);
    CHECK(age.source_line == 2);

    CHECK(file.events[1].text == "M");
    CHECK_FALSE(file.events[1].value.has_value());

    const auto& il6 = file.events[3];  // "<2" is imported at its limit, text keeps the sign
    CHECK(il6.code == "IL6");
    CHECK(*il6.value == 2.0);
    CHECK(il6.text == "<2");
    CHECK(il6.original == "<2 pg/mL");
    REQUIRE(file.warnings.size() == 1);
    CHECK(file.warnings[0].line == 5);

    const auto& temp = file.events[4];  // °F → °C exactly, original kept
    CHECK(temp.kind == EventKind::kTemp);
    CHECK(temp.value.value() == Approx((101.3 - 32.0) * 5.0 / 9.0).epsilon(1e-12));
    CHECK(temp.unit == "C");
    CHECK(temp.original == "101.3 F");
    CHECK(temp.note == "febrile, chills");
    CHECK(*temp.minute == 14 * 60);

    const auto& toci = file.events[5];  // 8 mg/kg × 70 kg recorded later in the file
    CHECK(toci.code == "tocilizumab");
    CHECK(*toci.value == Approx(560.0));
    CHECK(toci.unit == "mg");
    CHECK(toci.original == "8 mg/kg");

    CHECK(*file.events[6].value == Approx(125.0));  // CRP 12.5 mg/dL = 125 mg/L
    CHECK(file.events[6].unit == "mg/L");
    CHECK(file.events[6].source_line == 8);
    CHECK(file.events[7].source_line == 10);  // the blank line 9 still counts
    CHECK(file.events[7].code == "low_flow_nc");
    CHECK(file.events[9].unit == "10^6 cells/kg");  // empty unit = canonical unit
    CHECK(file.events[10].note == "note with \"quotes\"");
    CHECK(file.events[13].code == "CR_MRD_NEG");
}

TEST_CASE("long: every malformed row is reported with its exact location") {
    auto file = decode_long_csv((data_dir() / "long/bad_rows.csv").string());
    CHECK(file.rows_read == 12);
    CHECK(file.rows_rejected == 11);
    CHECK(file.events.size() == 1);
    struct Expect {
        uint64_t line;
        uint32_t column;
        const char* text;
    };
    const Expect expected[] = {
        {3, 2, "day is not a whole number"},
        {4, 3, "time is not HH:MM"},
        {5, 4, "unknown kind"},
        {6, 6, "outside the plausible range 30..45"},
        {7, 6, "must not be negative"},
        {8, 7, "unknown unit for 'lab CRP'"},
        {9, 5, "unknown oxygen device"},
        {10, 1, "patient_id is missing"},
        {11, 2, "day outside -30..3650"},
        {12, 9, "row has 9 fields, the header has 8"},
        {13, 6, "outside the plausible range 1..4"},
    };
    for (const auto& e : expected) {
        const ImportProblem* problem = find_line(file.errors, e.line);
        INFO("line " << e.line);
        REQUIRE(problem != nullptr);
        CHECK(problem->column == e.column);
        CHECK(problem->message.find(e.text) != std::string::npos);
    }
    const ImportProblem* hot = find_line(file.errors, 6);
    CHECK(hot->to_string() ==
          (data_dir() / "long/bad_rows.csv").string() +
              ":6:6: outside the plausible range 30..45 for 'temp' (after conversion to C) "
              "(field 'value', value '50.2')");
}

TEST_CASE("long: a missing required column is one file-level error") {
    auto file = decode_long_csv((data_dir() / "long/missing_kind.csv").string());
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].line == 1);
    CHECK(file.errors[0].message == "required column 'kind' is missing");
    CHECK(file.events.empty());
}

TEST_CASE("long: an unterminated quote names the line where it opened") {
    auto file = decode_long_csv((data_dir() / "long/unterminated.csv").string());
    REQUIRE_FALSE(file.ok());
    CHECK(file.errors.back().line == 3);
    CHECK(file.errors.back().message.find("never closed") != std::string::npos);
}

TEST_CASE("long: mg/kg without any weight is an error on the dose row") {
    auto file = decode_long_csv((data_dir() / "long/mgkg_no_weight.csv").string());
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].line == 2);
    CHECK(file.errors[0].column == 6);
    CHECK(file.errors[0].message.find("no weight_kg recorded for patient 'P9'") !=
          std::string::npos);
}

TEST_CASE("long: mg/kg uses a weight known outside the file") {
    DecodeOptions options;
    options.external = [](const std::string& patient, const std::string& attribute) {
        return patient == "P9" && attribute == "weight_kg" ? std::optional<double>(50.0)
                                                           : std::nullopt;
    };
    auto file = decode_long_csv((data_dir() / "long/mgkg_no_weight.csv").string(), options);
    REQUIRE(file.ok());
    CHECK(*file.events[0].value == Approx(400.0));
}

TEST_CASE("long: days outside the window are accepted with allow_any_day") {
    DecodeOptions options;
    options.allow_any_day = true;
    auto decoder = make_long_decoder_from_string(
        "patient_id,day,kind,value\nP1,4000,temp,37\nP1,-400,temp,37\n", "mem.csv", options);
    DecodedRow row;
    int good = 0;
    while (decoder->next(row))
        good += row.errors.empty() ? 1 : 0;
    CHECK(good == 2);
}

TEST_CASE("long: non-UTF-8 notes are repaired with a warning, ids are rejected") {
    auto decoder = make_long_decoder_from_string(
        "patient_id,day,kind,value,note\nP1,1,temp,37,caf\xE9\nP\xE9,1,temp,37,\n", "mem.csv", {});
    DecodedRow row;
    REQUIRE(decoder->next(row));
    CHECK(row.errors.empty());
    REQUIRE(row.warnings.size() == 1);
    CHECK(row.events[0].note == "caf\xEF\xBF\xBD");
    REQUIRE(decoder->next(row));
    REQUIRE(row.errors.size() == 1);
    CHECK(row.errors[0].message == "patient_id is not valid UTF-8");
}

TEST_CASE("long: a patient id the store keeps for itself, too long or with control bytes") {
    const std::string huge(kMaxPatientIdBytes + 1, 'P');
    const std::string longest(kMaxPatientIdBytes, 'Q');
    auto decoder = make_long_decoder_from_string(
        "patient_id,day,kind,code,value\n"
        "~cohorts,1,baseline,sex,F\n" +
            huge + ",1,temp,,37\n\"P1\n\",1,temp,,37\n" +
            std::string("P\0"
                        "1",
                        3) +
            ",1,temp,,37\n" + longest + ",1,temp,,37\nP~1,1,temp,,37\n",
        "mem.csv", {});
    DecodedRow row;
    const std::vector<std::string> messages = {
        "patient_id starts with '~', which the store keeps for its own records",
        "patient_id is longer than 256 bytes (257)",
        "patient_id contains a control character",
        "patient_id contains a control character",
    };
    for (const auto& message : messages) {
        REQUIRE(decoder->next(row));
        REQUIRE(row.errors.size() == 1);
        CHECK(row.errors[0].message == message);
        CHECK(row.errors[0].column == 1);
        CHECK(row.errors[0].field == "patient_id");
    }
    for (int good = 0; good < 2; ++good) {  // 256 bytes, and a '~' past the first byte
        REQUIRE(decoder->next(row));
        CHECK(row.errors.empty());
    }
}

TEST_CASE("long: a code, value or unit that is not UTF-8 is an error naming its column") {
    auto decoder = make_long_decoder_from_string(
        "patient_id,day,kind,code,value,unit\n"
        "P1,1,infection,lung\xE9,2,\n"
        "P1,-1,baseline,center,Cl\xEDnica,\n"
        "P1,1,lab,IL6,12,pg/m\xB5L\n"
        "P1,1,lab,IL6,12,pg/mL\n",
        "mem.csv", {});
    DecodedRow row;
    for (const auto& [column, field] :
         std::vector<std::pair<uint32_t, std::string>>{{4, "code"}, {5, "value"}, {6, "unit"}}) {
        REQUIRE(decoder->next(row));
        REQUIRE(row.errors.size() == 1);
        CHECK(row.errors[0].column == column);
        CHECK(row.errors[0].field == field);
        CHECK(row.errors[0].message == field + " is not valid UTF-8");
    }
    REQUIRE(decoder->next(row));
    CHECK(row.errors.empty());
}

TEST_CASE("long: a patient's baseline attribute has one value in a file") {
    // Line 4 gives P1 another sex (P2's row between them does not hide it); line 5 repeats the
    // first value, line 6 gives age 18 years in the other spelling of its unit: both agree.
    // Weights change from day to day; a rejected row's value is not remembered (line 9 is
    // rejected for its day, so line 10's arm is P3's first).
    const std::string text =
        "patient_id,day,kind,code,value,unit\n"
        "P1,-1,baseline,sex,M,\n"
        "P2,-1,baseline,sex,F,\n"
        "P1,-1,baseline,sex,F,\n"
        "P1,0,baseline,sex,M,\n"
        "P1,-1,baseline,age,18,years\n"
        "P1,0,baseline,age,18,y\n"
        "P1,-1,baseline,weight_kg,70,kg\n"
        "P3,x,baseline,arm,A,\n"
        "P3,-1,baseline,arm,B,\n"
        "P1,3,baseline,weight_kg,68,kg\n"
        "P1,0,baseline,age,19,years\n";
    auto decoder = make_long_decoder_from_string(text, "mem.csv", {});
    DecodedRow row;
    std::vector<std::pair<uint64_t, std::string>> errors;
    int good = 0;
    while (decoder->next(row)) {
        if (row.errors.empty()) ++good;
        for (const auto& error : row.errors)
            errors.emplace_back(error.line, error.to_string());
    }
    CHECK(good == 8);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].first == 4);
    CHECK(errors[0].second ==
          "mem.csv:4:5: line 2 gave patient P1 another sex than F: a patient has one baseline sex "
          "(only weight_kg and bsa_m2 may change from day to day) (field 'value', value 'F')");
    CHECK(errors[1].first == 9);  // the day
    CHECK(errors[2].first == 12);
    CHECK(errors[2].second.find("line 6 gave patient P1 another age than 19 years") !=
          std::string::npos);
}

TEST_CASE("long: a column the format does not have refuses the file, with the nearest name") {
    testing::ScratchDir dir;
    // "units" for "unit": read as absent, the mg/dL of the CRP would become the canonical mg/L.
    auto file = decode_long_csv(dir.write("units.csv",
                                          "patient_id,day,time,kind,code,value,units,note\n"
                                          "P1,1,01:00,lab,CRP,5,mg/dL,\n"));
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].line == 1);
    CHECK(file.errors[0].column == 7);
    CHECK(file.errors[0].message ==
          "column 'units' is not one of the long format's (patient_id, day, time, kind, code, "
          "value, unit, note), did you mean 'unit'?; rename or remove it (what it holds would not "
          "be imported)");
    CHECK(file.events.empty());

    auto two = decode_long_csv(dir.write("two.csv",
                                         "patient_id,Site,day,kind,code,value,unit,comment\n"
                                         "P1,A,1,lab,CRP,5,mg/L,x\n"));
    REQUIRE(two.errors.size() == 1);
    CHECK(two.errors[0].column == 2);
    CHECK(two.errors[0].message.rfind("2 columns are not the long format's (", 0) == 0);
    CHECK(two.errors[0].message.find("): 'Site', 'comment'; rename or remove them") !=
          std::string::npos);

    // The known columns in another case and order are the format's.
    auto upper = decode_long_csv(dir.write("upper.csv",
                                           "Kind,PATIENT_ID,Day,Value,Unit\n"
                                           "temp,P1,1,38.5,C\n"));
    CHECK(upper.errors.empty());
    CHECK(upper.events.size() == 1);
}

TEST_CASE("long: a sex is stored in one spelling; anything else is an error on its value") {
    testing::ScratchDir dir;
    auto file = decode_long_csv(dir.write("sex.csv",
                                          "patient_id,day,kind,code,value\n"
                                          "P1,-1,baseline,sex,M\n"
                                          "P2,-1,baseline,sex,m\n"
                                          "P3,-1,baseline,sex,Male\n"
                                          "P4,-1,baseline,SEX,female \n"
                                          "P5,-1,baseline,sex,unknown\n"
                                          "P6,-1,baseline,sex,1\n"
                                          "P7,-1,baseline,sex,X\n"));
    REQUIRE(file.events.size() == 5);
    const char* stored[] = {"M", "M", "M", "F", "U"};
    const char* written[] = {"", "m", "Male", "female", "unknown"};
    for (size_t i = 0; i < 5; ++i) {
        CHECK(file.events[i].text == stored[i]);
        CHECK(file.events[i].original == written[i]);
        CHECK_FALSE(file.events[i].value.has_value());
    }
    REQUIRE(file.errors.size() == 2);
    for (const auto& error : file.errors) {
        CHECK(error.column == 5);
        CHECK(error.message == "sex is M, F or U (or male, female, unknown)");
    }
}
