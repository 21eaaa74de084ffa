// A sponsor-style CAR-T SDTM export written in its own spellings (data/sdtm/sponsor/): every row
// has one outcome, the defaults know the usual spellings, death causes come from inside DSTERM
// or a fatal CRS adverse event, and what the mapping does not know is an error listed per term.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "direct_import.h"
#include "importers/import_runner.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::importers::testing::MemoryStore;
using dayzero::importers::testing::read_text;
using dayzero::importers::testing::ScratchDir;
using dayzero::store::EventKind;

namespace {

struct Run {
    RunSummary summary;
    std::string out;
    std::string err;
};

Run import(MemoryStore& store, const std::string& folder, RunOptions options = {}) {
    std::ostringstream out, err;
    Run run;
    run.summary = run_direct_import(store, {folder}, options, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

std::vector<std::string> codes_of(const MemoryStore& store, EventKind kind) {
    std::vector<std::string> codes;
    for (const auto& e : store.events())
        if (e.kind == kind) codes.push_back(e.patient_id + ":" + e.code);
    std::sort(codes.begin(), codes.end());
    return codes;
}

}  // namespace

TEST_CASE("sdtm sponsor: its own spellings import with the default mapping") {
    ScratchDir dir;
    MemoryStore store;
    auto run = import(store, dir.copy("sdtm/sponsor"));
    INFO(run.err);
    REQUIRE(run.summary.ok);
    CHECK(store.events().size() == 41);
    CHECK(run.summary.events_appended == 41);
    // CAR-T, car t, Kymriah, CART: each subject has day 0 and its infusion.
    CHECK(codes_of(store, EventKind::kInfusion) ==
          std::vector<std::string>{"SP1-001:car_t", "SP1-002:car_t", "SP1-003:tisagenlecleucel",
                                   "SP1-004:car_t"});
    // LOW-FLOW NASAL CANNULA and FACEMASK, each back to room air at PRENDTC.
    CHECK(codes_of(store, EventKind::kOxygen) ==
          std::vector<std::string>{"SP1-001:low_flow_nc", "SP1-001:room_air", "SP1-002:facemask",
                                   "SP1-002:room_air"});
    // CR MRD-, CR MRD+ and CRi MRD negative.
    CHECK(codes_of(store, EventKind::kResponse) == std::vector<std::string>{"SP1-001:CR_MRD_NEG",
                                                                            "SP1-003:CR_MRD_POS",
                                                                            "SP1-004:CR_MRD_NEG"});
    // Infections by AECAT (no AESOC) and by a term (SEPSIS, no AECAT either).
    CHECK(codes_of(store, EventKind::kInfection) ==
          std::vector<std::string>{"SP1-001:pneumonia", "SP1-002:catheter_site_infection",
                                   "SP1-003:sepsis"});
    CHECK(codes_of(store, EventKind::kLastFollowup) == std::vector<std::string>{"SP1-001:"});
    // DEATH with a fatal CRS AE that day; DEATH DUE TO CYTOKINE RELEASE SYNDROME; an unknown
    // cause is 'other' with a warning naming the term.
    CHECK(codes_of(store, EventKind::kDeath) ==
          std::vector<std::string>{"SP1-002:crs", "SP1-003:crs", "SP1-004:other"});
    CHECK(run.err.find("cause of death not in the mapping's death_causes") != std::string::npos);
    CHECK(run.err.find("value 'MULTI-ORGAN FAILURE'") != std::string::npos);
    // The fluid bolus is imported; its volume is kept as written, with a counted warning.
    auto bolus = std::find_if(store.events().begin(), store.events().end(), [](const auto& e) {
        return e.kind == EventKind::kHypotensionFluids;
    });
    REQUIRE(bolus != store.events().end());
    CHECK(bolus->original == "20 mL/kg");
    CHECK_FALSE(bolus->value.has_value());
    // Every row has one outcome: the CRS adverse event and the consent are skipped by the mapping.
    CHECK(run.summary.rows_read == 29);
    CHECK(run.summary.rows_imported == 27);
    CHECK(run.summary.rows_skipped_mapping == 2);
    CHECK(run.summary.rows_skipped_rules == 0);
    CHECK(run.summary.rows_rejected == 0);
    CHECK(run.out.find("rows read (27 imported, 2 skipped by the mapping, 0 skipped by data "
                       "rules, 0 rejected)") != std::string::npos);
}

TEST_CASE("sdtm sponsor: unmapped terms are errors, listed once each; a missing AETOXGR is named") {
    ScratchDir dir;
    MemoryStore store;
    const std::string folder = dir.copy("sdtm/sponsor");
    dir.write("sponsor/ae.csv",
              "STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AEDECOD,AESOC,AESTDTC\n"
              "SP1,AE,SP1-001,1,Nausea,NAUSEA,GASTROINTESTINAL DISORDERS,2022-01-12\n"
              "SP1,AE,SP1-003,1,ICANS,ICANS,NERVOUS SYSTEM DISORDERS,2022-03-10\n"
              "SP1,AE,SP1-004,1,nausea,Nausea,GASTROINTESTINAL DISORDERS,2022-04-15\n");
    dir.write("sponsor/rs.csv",
              "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSORRES,RSSTRESC,RSDTC\n"
              "SP1,RS,SP1-001,1,OVRLRESP,VGPR,VGPR,2022-02-05\n");
    RunOptions options;
    options.problems_path = (dir.path() / "problems.csv").string();
    auto run = import(store, folder, options);
    CHECK_FALSE(run.summary.ok);
    CHECK(store.events().empty());
    CHECK(run.err.find("AE AEDECOD 'NAUSEA': 2 row(s), first at " + folder + "/ae.csv:2") !=
          std::string::npos);
    CHECK(run.err.find("RS RSSTRESC 'VGPR': 1 row(s), first at " + folder + "/rs.csv:2") !=
          std::string::npos);
    CHECK(run.err.find("ae.csv:3:0: value is missing (the file has no AETOXGR column) (field "
                       "'AETOXGR')") != std::string::npos);
    // Each unmapped row is not printed line by line; the problems file has every one.
    CHECK(run.err.find("ae.csv:4:6: term not in the mapping") == std::string::npos);
    const std::string problems = read_text(options.problems_path);
    CHECK(problems.rfind("severity,file,line,column,variable,message,value\r\n", 0) == 0);
    CHECK(problems.find("ae.csv,4,6,AEDECOD,") != std::string::npos);
    CHECK(problems.find("ae.csv,3,0,AETOXGR,value is missing") != std::string::npos);
    CHECK(problems.find("warning,") != std::string::npos);
}

TEST_CASE("sdtm sponsor: a subject without a day-0 anchor is told its EX treatments") {
    ScratchDir dir;
    MemoryStore store;
    const std::string folder = dir.copy("sdtm/sponsor");
    dir.write("sponsor/ex.csv",
              "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXDOSU,EXSTDTC\n"
              "SP1,EX,SP1-001,1,FLUDARABINE,30,mg,2022-01-03\n"
              "SP1,EX,SP1-001,2,ANTI-CD19 CELLS,2.0,10^6 cells/kg,2022-01-08T10:00\n"
              "SP1,EX,SP1-002,1,car t,1.5,10^6 cells/kg,2022-02-12T09:30\n"
              "SP1,EX,SP1-003,1,Kymriah,3.0,10^6 cells/kg,2022-03-06T11:00\n"
              "SP1,EX,SP1-004,1,CART,2.2,10^6 cells/kg,2022-04-09T08:15\n");
    auto run = import(store, folder);
    CHECK_FALSE(run.summary.ok);
    CHECK(run.err.find("subject 'SP1-001' has no day-0 anchor (no EX record of a CAR-T product); "
                       "its EX treatments: 'FLUDARABINE' 'ANTI-CD19 CELLS' (--day0 'ANTI-CD19 "
                       "CELLS' anchors") != std::string::npos);
    CHECK(store.events().empty());
}

TEST_CASE("sdtm sponsor: --write-mapping writes the study's terms; the import waits until filled") {
    ScratchDir dir;
    MemoryStore store;
    const std::string folder = dir.copy("sdtm/sponsor");
    dir.write("sponsor/rs.csv",
              "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSORRES,RSSTRESC,RSDTC\n"
              "SP1,RS,SP1-001,1,OVRLRESP,CR MRD-,CR MRD-,2022-02-05\n"
              "SP1,RS,SP1-003,1,OVRLRESP,VGPR,VGPR,2022-04-03\n");
    const std::string mapping = (dir.path() / "study.json").string();
    std::ostringstream out, err;
    REQUIRE(write_study_mapping({folder}, {}, mapping, out, err));
    INFO(out.str() << err.str());
    CHECK(out.str().find("2 term(s) of this study it does not map") != std::string::npos);
    CHECK(out.str().find("RS RSSTRESC 'VGPR': 1 row(s), first at " + folder + "/rs.csv:3") !=
          std::string::npos);
    CHECK(out.str().find("death_causes DSTERM 'MULTI-ORGAN FAILURE': 1 row(s)") !=
          std::string::npos);
    std::string text = read_text(mapping);
    CHECK(text.find("\"VGPR\": {\n      \"kind\": \"FILL IN\",\n      \"first\": \"rs.csv:3 "
                    "(RSSTRESC, 1 row(s))\"") != std::string::npos);

    // Until each placeholder is filled in, the mapping does not load.
    RunOptions with_mapping;
    with_mapping.mapping = mapping;
    auto refused = import(store, folder, with_mapping);
    CHECK_FALSE(refused.summary.ok);
    CHECK(refused.err.find("2 entries still marked FILL IN") != std::string::npos);
    CHECK(refused.err.find("RS.VGPR") != std::string::npos);
    CHECK(refused.err.find("death_causes.MULTI-ORGAN FAILURE") != std::string::npos);
    CHECK(store.events().empty());

    // Filled in: VGPR is a partial response here, the organ failure an 'other' death.
    auto fill = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    fill("\"kind\": \"FILL IN\",\n      \"first\": \"rs.csv:3 (RSSTRESC, 1 row(s))\"",
         "\"kind\": \"response\", \"code\": \"PR\"");
    fill("\"FILL IN: crs, infection, relapse or other; first at ds.csv:6 (DSTERM, 1 row(s))\"",
         "\"other\"");
    dir.write("study.json", text);
    auto imported = import(store, folder, with_mapping);
    INFO(imported.err);
    REQUIRE(imported.summary.ok);
    CHECK(store.events().size() == 40);
    CHECK(codes_of(store, EventKind::kResponse) ==
          std::vector<std::string>{"SP1-001:CR_MRD_NEG", "SP1-003:PR"});
    CHECK(imported.err.find("cause of death not in the mapping") == std::string::npos);
}

TEST_CASE("sdtm sponsor: a re-export that changes a stored result names its variable") {
    ScratchDir dir;
    MemoryStore store;
    const std::string folder = dir.copy("sdtm/sponsor");
    REQUIRE(import(store, folder).summary.ok);
    const size_t events = store.events().size();
    // The next month's export: SP1-001's first temperature now reads 39.4.
    std::string vs = read_text(folder + "/vs.csv");
    const std::string old_row = "SP1-001,1,TEMP,38.9,C,38.9,38.9,C,";
    REQUIRE(vs.find(old_row) != std::string::npos);
    vs.replace(vs.find(old_row), old_row.size(), "SP1-001,1,TEMP,39.4,C,39.4,39.4,C,");
    dir.write("sponsor/vs.csv", vs);
    auto run = import(store, folder);
    INFO(run.err);
    CHECK_FALSE(run.summary.ok);
    // Line 2, column 9 is VSSTRESN, the variable the temperature was read from.
    CHECK(run.err.find("vs.csv:2:9: changes the stored temp of patient 'SP1-001'") !=
          std::string::npos);
    CHECK(run.err.find("(field 'VSSTRESN', value '39.4 C')") != std::string::npos);
    CHECK(store.events().size() == events);
}
