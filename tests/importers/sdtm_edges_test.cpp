// SDTM: rows that look complete but would be stored wrong (a unit taken from the wrong variable,
// an end before its start, a time zone dropped) are errors at their variable, never a guess.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "direct_import.h"
#include "importers/import_runner.h"
#include "importers/iso_date.h"
#include "importers/sdtm_study.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::store::EventKind;

namespace {

const char* const kDm =
    "STUDYID,DOMAIN,USUBJID,RFSTDTC,RFXSTDTC,AGE,AGEU,SEX,ARMCD,ACTARMCD\n"
    "E1,DM,E1-001,2023-02-10,2023-02-10,50,YEARS,F,CART,CART\n";
const char* const kEx =
    "STUDYID,DOMAIN,USUBJID,EXTRT,EXDOSE,EXDOSU,EXSTDTC\n"
    "E1,EX,E1-001,TISAGENLECLEUCEL,1.5,10^6 cells/kg,2023-02-10T10:00\n";
const char* const kVsHeader =
    "STUDYID,DOMAIN,USUBJID,VSTESTCD,VSORRES,VSORRESU,VSSTRESC,VSSTRESN,VSSTRESU,VSSTAT,VSDTC\n";
const char* const kLbHeader =
    "STUDYID,DOMAIN,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBSTRESC,LBSTRESN,LBSTRESU,LBSTAT,LBDTC\n";

// Writes the study's files (name → text) into `dir` and decodes each one.
std::map<std::string, DecodedFile> decode_study(const ScratchDir& dir,
                                                const std::map<std::string, std::string>& texts) {
    std::vector<std::string> files;
    for (const auto& [name, text] : texts)
        files.push_back(dir.write(name + ".csv", text));
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load(files, {}, ignored);
    REQUIRE(study.is_ok());
    std::map<std::string, DecodedFile> out;
    for (const auto& path : (*study)->files()) {
        out[std::filesystem::path(path).stem().string()] = decode_all(
            path, [&](const DecodeOptions& o) { return (*study)->make_decoder(path, o); });
    }
    return out;
}

const ImportProblem* problem_at(const std::vector<ImportProblem>& problems, uint64_t line) {
    auto it = std::find_if(problems.begin(), problems.end(),
                           [&](const ImportProblem& p) { return p.line == line; });
    return it == problems.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("sdtm edges: an empty --STRESU takes --ORRESU only for the original result itself") {
    ScratchDir dir;
    auto files = decode_study(
        dir,
        {{"dm", kDm},
         {"ex", kEx},
         {"vs", std::string(kVsHeader) + "E1,VS,E1-001,WEIGHT,154,LB,70,70,,,2023-02-08\n"
                                         "E1,VS,E1-001,WEIGHT,70.0,kg,70,70,,,2023-02-09\n"},
         {"lb", std::string(kLbHeader) + "E1,LB,E1-001,IL6,1.2,ng/mL,1200,1200,,,2023-02-11\n"
                                         "E1,LB,E1-001,IL6,1.2,ng/mL,1.2,1.2,,,2023-02-12\n"
                                         "E1,LB,E1-001,IL6,<5,pg/mL,<5,5,pg/mL,,2023-02-13\n"}});
    const auto& vs = files["vs"];
    const auto* pounds = problem_at(vs.errors, 2);
    REQUIRE(pounds);
    CHECK(pounds->column == 9);
    CHECK(pounds->field == "VSSTRESU");
    CHECK(pounds->message.find("VSSTRESU is empty but the standard result VSSTRESN '70' differs "
                               "from VSORRES '154' (LB)") != std::string::npos);
    CHECK(at_line(vs, 2) == nullptr);
    const auto* kilos = at_line(vs, 3);  // 70 is 70.0: the same quantity, in kg
    REQUIRE(kilos);
    CHECK(*kilos->value == Approx(70.0));

    const auto& lb = files["lb"];
    const auto* converted = problem_at(lb.errors, 2);
    REQUIRE(converted);
    CHECK(converted->column == 9);
    CHECK(converted->field == "LBSTRESU");
    CHECK(at_line(lb, 2) == nullptr);
    const auto* same = at_line(lb, 3);
    REQUIRE(same);
    CHECK(*same->value == Approx(1200.0));  // 1.2 ng/mL in pg/mL
    const auto* censored = at_line(lb, 4);  // LBSTRESC '<5' keeps the censoring LBSTRESN drops
    REQUIRE(censored);
    CHECK(*censored->value == Approx(5.0));
    CHECK(censored->text == "<5");
    CHECK(lb.errors.size() == 1);
}

TEST_CASE("sdtm edges: a CM or PR end before its start is an error naming both dates") {
    ScratchDir dir;
    auto files = decode_study(
        dir, {{"dm", kDm},
              {"ex", kEx},
              {"cm",
               "STUDYID,DOMAIN,USUBJID,CMTRT,CMDOSE,CMDOSU,CMSTDTC,CMENDTC\n"
               "E1,CM,E1-001,NOREPINEPHRINE,0.05,mcg/kg/min,2023-02-13T10:00,"
               "2023-02-12T11:00\n"
               "E1,CM,E1-001,NOREPINEPHRINE,0.05,mcg/kg/min,2023-02-13T10:00,"
               "2023-02-13T09:00\n"
               "E1,CM,E1-001,NOREPINEPHRINE,0.05,mcg/kg/min,2023-02-14T10:00,2023-02-14\n"},
              {"pr",
               "STUDYID,DOMAIN,USUBJID,PRTRT,PRDOSE,PRDOSU,PRSTDTC,PRENDTC\n"
               "E1,PR,E1-001,HIGH FLOW NASAL CANNULA,30,L/min,2023-02-13,2023-02-12\n"
               "E1,PR,E1-001,HIGH FLOW NASAL CANNULA,30,L/min,2023-02-15,2023-02-16\n"}});
    const auto& cm = files["cm"];
    const auto* days = problem_at(cm.errors, 2);
    REQUIRE(days);
    CHECK(days->column == 8);
    CHECK(days->field == "CMENDTC");
    CHECK(days->message ==
          "CMENDTC '2023-02-12T11:00' is before CMSTDTC '2023-02-13T10:00': an end cannot precede "
          "its start");
    const auto* minutes = problem_at(cm.errors, 3);
    REQUIRE(minutes);
    CHECK(minutes->field == "CMENDTC");
    CHECK(at_line(cm, 2) == nullptr);  // nothing of the row, not even its start
    CHECK(at_line(cm, 3) == nullptr);
    CHECK(cm.errors.size() == 2);
    CHECK(cm.events.size() == 2);  // an end without a time on the start's day is not before it

    const auto& pr = files["pr"];
    const auto* oxygen = problem_at(pr.errors, 2);
    REQUIRE(oxygen);
    CHECK(oxygen->field == "PRENDTC");
    CHECK(oxygen->message.find("PRENDTC '2023-02-12' is before PRSTDTC '2023-02-13'") !=
          std::string::npos);
    CHECK(pr.errors.size() == 1);
    CHECK(pr.events.size() == 2);
}

TEST_CASE("sdtm edges: a USUBJID the store keeps for itself is an error on each of its rows") {
    ScratchDir dir;
    auto files = decode_study(
        dir, {{"dm", std::string(kDm) + "E1,DM,~cohorts,2023-02-10,2023-02-10,50,YEARS,F,CART,"
                                        "CART\n"},
              {"ex", std::string(kEx) +
                         "E1,EX,~cohorts,TISAGENLECLEUCEL,1.5,10^6 cells/kg,2023-02-10T10:00\n"}});
    for (const char* domain : {"dm", "ex"}) {
        const auto& file = files[domain];
        INFO(domain);
        const auto* error = problem_at(file.errors, 3);
        REQUIRE(error);
        CHECK(error->column == 3);
        CHECK(error->field == "USUBJID");
        CHECK(error->message ==
              "USUBJID starts with '~', which the store keeps for its own records");
        CHECK(file.errors.size() == 1);
        CHECK(at_line(file, 2) != nullptr);
    }
}

TEST_CASE("sdtm edges: a date-time at another time-zone offset than day 0's is an error") {
    ScratchDir dir;
    const std::string vs_rows =
        "E1,VS,E1-001,TEMP,38.9,C,38.9,38.9,C,,2023-02-10T23:30Z\n"       // 2: Z, day 0 +01:00
        "E1,VS,E1-001,TEMP,38.9,C,38.9,38.9,C,,2023-02-11T09:00\n"        // 3: none, day 0 +01:00
        "E1,VS,E1-001,TEMP,38.9,C,38.9,38.9,C,,2023-02-11T09:00+01:00\n"  // 4: the same offset
        "E1,VS,E1-001,TEMP,38.9,C,38.9,38.9,C,,2023-02-12\n"              // 5: a date, no time
        "E1,VS,E1-002,TEMP,38.9,C,38.9,38.9,C,,2023-02-11T09:00-05:00\n"  // 6: day 0 has none
        "E1,VS,E1-002,TEMP,38.9,C,38.9,38.9,C,,2023-02-11T09:00\n";       // 7: neither has one
    auto files = decode_study(
        dir,
        {{"dm", std::string(kDm) + "E1,DM,E1-002,2023-02-10,2023-02-10,40,YEARS,M,CART,CART\n"},
         {"ex",
          "STUDYID,DOMAIN,USUBJID,EXTRT,EXDOSE,EXDOSU,EXSTDTC\n"
          "E1,EX,E1-001,TISAGENLECLEUCEL,1.5,10^6 cells/kg,2023-02-10T23:54+01:00\n"
          "E1,EX,E1-002,TISAGENLECLEUCEL,1.5,10^6 cells/kg,2023-02-10T10:00\n"},
         {"vs", std::string(kVsHeader) + vs_rows}});
    CHECK(files["ex"].errors.empty());
    const auto& vs = files["vs"];
    const auto* utc = problem_at(vs.errors, 2);
    REQUIRE(utc);
    CHECK(utc->column == 11);
    CHECK(utc->field == "VSDTC");
    CHECK(utc->value == "2023-02-10T23:30Z");
    CHECK(utc->message ==
          "VSDTC has the time-zone offset Z but the day-0 date of subject 'E1-001' has the "
          "time-zone offset +01:00: the day post-infusion cannot be computed across time zones "
          "(write the study's date-times with one offset)");
    const auto* local = problem_at(vs.errors, 3);
    REQUIRE(local);
    CHECK(local->message.find("VSDTC has no time-zone offset but the day-0 date of subject "
                              "'E1-001' has the time-zone offset +01:00") != std::string::npos);
    const auto* other = problem_at(vs.errors, 6);
    REQUIRE(other);
    CHECK(other->message.find("VSDTC has the time-zone offset -05:00 but the day-0 date of "
                              "subject 'E1-002' has no time-zone offset") != std::string::npos);
    CHECK(vs.errors.size() == 3);
    REQUIRE(at_line(vs, 4));
    CHECK(at_line(vs, 4)->day == 1);
    CHECK(*at_line(vs, 4)->minute == 9 * 60);
    REQUIRE(at_line(vs, 5));
    CHECK(at_line(vs, 5)->day == 2);
    REQUIRE(at_line(vs, 7));
    CHECK(at_line(vs, 7)->day == 1);
}

TEST_CASE("sdtm edges: ISO 8601 offsets are read, a malformed one is an error") {
    std::string error;
    auto zoned = parse_iso_datetime("2023-02-10T23:54:10.5+01:00", error);
    REQUIRE(zoned);
    CHECK(*zoned->minute == 23 * 60 + 54);
    CHECK(*zoned->offset == 60);
    CHECK(*parse_iso_datetime("2023-02-10T23:30Z", error)->offset == 0);
    CHECK(*parse_iso_datetime("2023-02-10T23:30-0530", error)->offset == -330);
    CHECK_FALSE(parse_iso_datetime("2023-02-10T23:30", error)->offset);
    CHECK_FALSE(parse_iso_datetime("2023-02-10T23:30+1", error));
    CHECK(error.find("time-zone offset") != std::string::npos);
    CHECK(offset_text(-330) == "-05:30");
    auto unknown_hour = parse_iso_datetime("2023-02-10T-:15", error);  // SDTM's unknown hour
    REQUIRE(unknown_hour);
    CHECK_FALSE(unknown_hour->minute);
    CHECK_FALSE(unknown_hour->offset);
}

TEST_CASE("sdtm edges: the usual date forms read exactly as the general reading does") {
    // "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM" have a quick reading of their own. The same date with an
    // empty time ("...T"), and the same clock with seconds (":00"), take the general one: both
    // must agree on every boundary, valid or not, error included.
    struct Reading {
        bool ok = false;
        int64_t days = 0;
        std::optional<uint16_t> minute;
        std::string error;
        bool operator==(const Reading&) const = default;
    };
    auto read = [](const std::string& text) {
        Reading r;
        auto parsed = parse_iso_datetime(text, r.error);
        r.ok = parsed.has_value();
        if (parsed) {
            CHECK_FALSE(parsed->partial);
            CHECK_FALSE(parsed->offset);
            r.days = parsed->days;
            r.minute = parsed->minute;
            r.error.clear();
        }
        return r;
    };
    size_t valid = 0;
    for (const char* year : {"0000", "1900", "2000", "2023", "2024", "9999", "2O23"}) {
        for (const char* month : {"00", "01", "02", "04", "12", "13", "1x"}) {
            for (const char* day : {"00", "01", "28", "29", "30", "31", "32", "3x"}) {
                const std::string date = std::string(year) + "-" + month + "-" + day;
                INFO(date);
                const Reading quick = read(date);
                CHECK(quick == read(date + "T"));
                valid += quick.ok ? 1 : 0;
                for (const char* hour : {"00", "09", "23", "24", "-1"}) {
                    for (const char* minute : {"00", "59", "60"}) {
                        const std::string clock = date + "T" + hour + ":" + minute;
                        INFO(clock);
                        CHECK(read(clock) == read(clock + ":00"));
                    }
                }
            }
        }
    }
    CHECK(valid > 50);  // the grid holds many real dates, not only refusals
    std::string error;
    CHECK(parse_iso_datetime("2024-02-29T23:59", error)->minute == 23 * 60 + 59);
    CHECK(parse_iso_datetime("1970-01-02", error)->days == 1);
    CHECK_FALSE(parse_iso_datetime("2023-02-29", error));
    CHECK(error == "day out of range in ISO 8601 date");
}

TEST_CASE("sdtm edges: a second DM record of a subject is an error naming the first") {
    ScratchDir dir;
    auto files = decode_study(
        dir,
        {{"dm", std::string(kDm) + "E1,DM,E1-001,2023-02-10,2023-02-10,51,YEARS,M,CART,CART\n"},
         {"ex", kEx}});
    const auto& dm = files["dm"];
    const auto* second = problem_at(dm.errors, 3);
    REQUIRE(second);
    CHECK(second->column == 3);
    CHECK(second->message ==
          "subject 'E1-001' has a second DM record (the first is at line 2); "
          "DM holds one record per subject");
    CHECK(dm.errors.size() == 1);
    CHECK(at_line(dm, 3) == nullptr);
    CHECK(at_line(dm, 2) != nullptr);
}

TEST_CASE("sdtm edges: an unknown analyte kept as written must be UTF-8 to be kept") {
    // With --lenient an analyte the mapping does not know is kept with its unit as written; a
    // unit (or code) that is not UTF-8 would be stored raw, so that row is rejected instead.
    ScratchDir dir;
    const std::string dm = dir.write("dm.csv", kDm);
    const std::string ex = dir.write("ex.csv", kEx);
    const std::string lb =
        dir.write("lb.csv", std::string(kLbHeader) +
                                "E1,LB,E1-001,ZZTOP,3,furlongs,3,3,furlongs,,2023-02-11\n"
                                "E1,LB,E1-001,ZZTOP,4,furl\xf6ngs,4,4,furl\xf6ngs,,"
                                "2023-02-12\n");
    // A mapping that sends ZZTOP to a lab code the unit vocabulary does not know.
    nlohmann::json mapping = nlohmann::json::parse(read_text(
        (fs::path(DAYZERO_SOURCE_DIR) / "importers/mappings/sdtm_default.json").string()));
    mapping["LB"]["ZZTOP"] = {{"kind", "lab"}, {"code", "ZZTOP"}};
    SdtmOptions sdtm;
    sdtm.mapping_path = dir.write("mapping.json", mapping.dump());
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load({dm, ex, lb}, sdtm, ignored);
    REQUIRE(study.is_ok());
    DecodeOptions options;
    options.unknown_analytes = UnknownAnalytes::kKeep;
    const DecodedFile file = decode_all(
        lb, [&](const DecodeOptions& o) { return (*study)->make_decoder(lb, o); }, options);
    const auto* kept = at_line(file, 2);
    REQUIRE(kept);
    CHECK(kept->unit == "furlongs");
    CHECK(at_line(file, 3) == nullptr);
    const auto* refused = problem_at(file.errors, 3);
    REQUIRE(refused);
    CHECK(refused->message.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("sdtm edges: with --day0 RFXSTDTC, a partial RFXSTDTC is named, not called empty") {
    ScratchDir dir;
    const std::string dm =
        dir.write("dm.csv",
                  "STUDYID,DOMAIN,USUBJID,RFSTDTC,RFXSTDTC,AGE,AGEU,SEX,ARMCD,ACTARMCD\n"
                  "E1,DM,E1-001,2023-02-10,2023-02,50,YEARS,F,CART,CART\n"
                  "E1,DM,E1-002,2023-02-10,,51,YEARS,M,CART,CART\n");
    const std::string vs =
        dir.write("vs.csv", std::string(kVsHeader) +
                                "E1,VS,E1-001,TEMP,38.5,C,38.5,38.5,C,,2023-02-11\n"
                                "E1,VS,E1-002,TEMP,38.5,C,38.5,38.5,C,,2023-02-11\n");
    SdtmOptions sdtm;
    sdtm.day0 = "RFXSTDTC";
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load({dm, vs}, sdtm, ignored);
    REQUIRE(study.is_ok());
    const DecodedFile file =
        decode_all(vs, [&](const DecodeOptions& o) { return (*study)->make_decoder(vs, o); });
    const auto* partial = problem_at(file.errors, 2);
    REQUIRE(partial);
    CHECK(partial->message.find("(DM.RFXSTDTC is '2023-02', a partial date)") != std::string::npos);
    const auto* empty = problem_at(file.errors, 3);
    REQUIRE(empty);
    CHECK(empty->message.find("(DM.RFXSTDTC is empty)") != std::string::npos);
}

TEST_CASE("sdtm edges: a study mapping key it does not know is refused with the nearest name") {
    ScratchDir dir;
    const std::string top =
        dir.write("top.json", R"({"extends": "default", "death_cause": {"SEPSIS": "infection"}})");
    auto refused = SdtmMapping::load(top);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().message().find("unknown key 'death_cause' in the mapping") !=
          std::string::npos);
    CHECK(refused.status().message().find("did you mean 'death_causes'?") != std::string::npos);
    const std::string entry = dir.write(
        "entry.json", R"({"extends": "default", "LB": {"ZZTOP": {"kind": "lab", "cdoe": "ZZ"}}})");
    auto entry_refused = SdtmMapping::load(entry);
    REQUIRE_FALSE(entry_refused.is_ok());
    CHECK(entry_refused.status().message() ==
          entry +
              ": LB.ZZTOP: unknown key 'cdoe' in the entry (known: kind, code, first), did you "
              "mean 'code'?");
}

TEST_CASE("sdtm edges: a lab row of a specimen that is not blood is skipped with a warning") {
    ScratchDir dir;
    const std::string header =
        "STUDYID,DOMAIN,USUBJID,LBTESTCD,LBSPEC,LBORRES,LBORRESU,LBSTRESC,LBSTRESN,LBSTRESU,LBSTAT,"
        "LBDTC\n";
    auto files = decode_study(
        dir, {{"dm", kDm},
              {"ex", kEx},
              {"lb", header + "E1,LB,E1-001,IL6,SERUM,20,pg/mL,20,20,pg/mL,,2023-02-11\n"
                              "E1,LB,E1-001,IL6,CEREBROSPINAL FLUID,900,pg/mL,900,900,pg/mL,,"
                              "2023-02-11\n"
                              "E1,LB,E1-001,CRP,plasma,5,mg/L,5,5,mg/L,,2023-02-11\n"
                              "E1,LB,E1-001,CRP,,6,mg/L,6,6,mg/L,,2023-02-12\n"}});
    const auto& lb = files["lb"];
    CHECK(lb.errors.empty());
    REQUIRE(lb.events.size() == 3);  // serum, plasma and a row that names no specimen
    CHECK(at_line(lb, 3) == nullptr);
    const auto* csf = problem_at(lb.warnings, 3);
    REQUIRE(csf);
    CHECK(csf->column == 5);
    CHECK(csf->message == "specimen is not blood (serum, plasma or whole blood); row skipped");
    CHECK(lb.rows_skipped == 1);
}

TEST_CASE("sdtm edges: a cause of death negated or named beside another is refused until mapped") {
    auto defaults = SdtmMapping::load(SdtmMapping::default_path());
    REQUIRE(defaults.is_ok());
    const SdtmMapping& mapping = defaults.value();
    struct Case {
        const char* term;
        const char* doubt;
    };
    for (const Case& c :
         {Case{"NON-INFECTIOUS PNEUMONITIS", "'NON' may negate 'INFECTIOUS'"},
          Case{"DEATH NOT RELATED TO CRS", "'NOT' may negate 'CRS'"},
          Case{"NO EVIDENCE OF LYMPHOMA (CR); FATAL ICANS", "'NO' may negate 'LYMPHOMA'"},
          Case{"CRS RESOLVED; DIED OF CARDIAC ARREST",
               "it names 'CARDIAC ARREST' (other) and 'CRS' (crs)"}}) {
        INFO(c.term);
        const auto cause = mapping.death_cause(c.term);
        REQUIRE(cause.has_value());
        CHECK(cause->doubt == c.doubt);
    }
    // Plain terms, and a longer term holding a shorter one of the same cause, are not in doubt.
    for (const char* term :
         {"SEPTIC SHOCK", "death due to cytokine release syndrome (CRS)", "Disease progression"}) {
        INFO(term);
        const auto cause = mapping.death_cause(term);
        REQUIRE(cause.has_value());
        CHECK(cause->doubt.empty());
    }
    // The whole text as a term of the study's mapping settles it.
    ScratchDir dir;
    const std::string study = dir.write(
        "study.json",
        R"({"extends": "default", "death_causes": {"NON-INFECTIOUS PNEUMONITIS": "other"}})");
    auto settled = SdtmMapping::load(study);
    REQUIRE(settled.is_ok());
    const auto cause = settled.value().death_cause("Non-infectious pneumonitis");
    REQUIRE(cause.has_value());
    CHECK(cause->cause == "other");
    CHECK(cause->doubt.empty());
}

TEST_CASE("sdtm edges: a censored --STRESC beside another number in --STRESN is an error") {
    ScratchDir dir;
    auto files = decode_study(
        dir,
        {{"dm", kDm},
         {"ex", kEx},
         {"lb", std::string(kLbHeader) + "E1,LB,E1-001,IL6,<5,pg/mL,<5,50,pg/mL,,2023-02-11\n"
                                         "E1,LB,E1-001,IL6,<5,pg/mL,<=5,5,pg/mL,,2023-02-12\n"
                                         "E1,LB,E1-001,IL6,<5,pg/mL,<5,,pg/mL,,2023-02-13\n"}});
    const auto& lb = files["lb"];
    REQUIRE(lb.errors.size() == 1);
    CHECK(lb.errors[0].line == 2);
    CHECK(lb.errors[0].column == 8);
    CHECK(lb.errors[0].message ==
          "LBSTRESC '<5' and LBSTRESN 50 disagree: LBSTRESN must be the limit of a censored "
          "LBSTRESC");
    CHECK(lb.events.size() == 2);  // the limit matches, or --STRESN is empty
}
