// A spreadsheet formula in a note (`=cmd|' /C calc'!A0`) is stored verbatim, and neutralised
// (prefixed with an apostrophe) wherever dayzero writes CSV: the audit export of the real binary
// and the shell's csv mode.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "robust_fixture.h"
#include "shell/session.h"

using namespace dayzero;
using namespace dayzero::robust;

namespace {

const std::string kFormula = "=cmd|' /C calc'!A0";

// True when some comma- or line-separated CSV cell of `csv` starts with the raw formula.
bool has_raw_formula_cell(const std::string& csv) {
    for (size_t at = csv.find(kFormula); at != std::string::npos; at = csv.find(kFormula, at + 1)) {
        if (at == 0) return true;
        const char before = csv[at - 1];
        if (before == ',' || before == '\n') return true;
        if (before == '"' && at >= 2 && (csv[at - 2] == ',' || csv[at - 2] == '\n')) return true;
    }
    return false;
}

// Creates a store at `db` holding the committed formula_note.csv; returns the stored note.
std::string import_formula(const ScratchDir& dir, const std::string& db) {
    auto store = open_seeded_store(db);
    auto report = import_long(*store, copy_hostile(dir, "formula_note.csv"));
    INFO(all_errors(report));
    REQUIRE(report.outcome == importers::FileOutcome::kImported);
    auto timeline = store->timeline("P009");
    REQUIRE(timeline.is_ok());
    for (const auto& event : timeline.value())
        if (!event.note.empty()) return event.note;
    return {};
}

}  // namespace

TEST_CASE("formula injection: a formula note is stored verbatim") {
    ScratchDir dir;
    CHECK(import_formula(dir, (dir.path() / "db").string()) == kFormula);
}

TEST_CASE("formula injection: the shell's csv mode guards a formula patient id") {
    // Notes are not shown by any statement, so the formula comes in as a patient id here.
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    {
        auto store = open_seeded_store(db);
        const std::string path = dir.write(
            "formula_id.csv", "patient_id,day,time,kind,code,value,unit,note\n\"" + kFormula +
                                  "\",0,10:30,infusion,axi-cel,2,10^6 cells/kg,\n");
        auto report = import_long(*store, path);
        INFO(all_errors(report));
        REQUIRE(report.outcome == importers::FileOutcome::kImported);
    }
    shell::SessionOptions options;
    options.db_path = db;
    options.read_only = true;
    shell::Session session(options);
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(session.open(err));
    const bool ran = session.run(".mode csv\nevents kinds infusion;\n", out, err);
    INFO(out.str() << err.str());
    REQUIRE(ran);
    CHECK(out.str().find("'" + kFormula) != std::string::npos);
    CHECK_FALSE(has_raw_formula_cell(out.str()));
}

TEST_CASE("formula injection: dayzero audit export guards the cell") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    import_formula(dir, db);
    const std::string out = (dir.path() / "trail.csv").string();
    const std::string command =
        std::string(DAYZERO_BINARY) + " audit export --db '" + db + "' --out '" + out + "' 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream in(out, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    INFO(text.str());
    CHECK(text.str().find("'" + kFormula) != std::string::npos);
    CHECK_FALSE(has_raw_formula_cell(text.str()));
}
