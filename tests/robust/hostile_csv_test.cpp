// Hostile CSV files fed to the real importer and a real store: each is refused with an error
// naming file:line(:column), leaving the store exactly as it was (and still verifying), or has the
// documented lenient outcome with a located warning.
#include <catch2/catch.hpp>

#include <string>

#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
using importers::FileOutcome;

namespace {

constexpr const char* kHeader = "patient_id,day,time,kind,code,value,unit,note\n";
constexpr const char* kInfusionRow = "P001,0,10:30,infusion,tisagenlecleucel,3.1,10^6 cells/kg,\n";

// Imports `path` into a seeded store and checks it is refused with `expected_location` in the
// errors, leaving the store unchanged and verifiable. Returns the errors for further checks.
std::string expect_refused(const ScratchDir& dir, const std::string& path,
                           const std::string& expected_location) {
    auto store = open_seeded_store((dir.path() / "db").string());
    const StoreSnapshot before = snapshot(*store);
    auto report = import_long(*store, path);
    const std::string errors = all_errors(report);
    INFO(errors);
    CHECK((report.outcome == FileOutcome::kRejected || report.outcome == FileOutcome::kFailed));
    CHECK(report.events_appended == 0);
    CHECK(errors.find(path + ":" + expected_location) != std::string::npos);
    CHECK(snapshot(*store) == before);
    const auto verified = store->verify();
    INFO(verified.problem);
    CHECK(verified.ok);
    return errors;
}

}  // namespace

TEST_CASE("hostile csv: a NUL byte inside a value is refused at its line and column") {
    ScratchDir dir;
    expect_refused(dir, copy_hostile(dir, "nul_bytes.csv"), "3:6");
}

// Invalid UTF-8 in free text has a documented outcome (docs/IMPORT.md): the row is imported with
// the bad bytes replaced by U+FFFD and a counted warning that names line and column; the stored
// text is valid UTF-8, so no later reader or export meets raw bytes.
TEST_CASE("hostile csv: invalid UTF-8 in a note is replaced with a located, counted warning") {
    ScratchDir dir;
    const std::string path = copy_hostile(dir, "invalid_utf8.csv");
    auto store = open_seeded_store((dir.path() / "db").string());
    const StoreSnapshot before = snapshot(*store);
    auto report = import_long(*store, path);
    INFO(all_errors(report));
    REQUIRE(report.outcome == FileOutcome::kImported);
    // The seeded store already holds the file's infusion row: only the temperature is new.
    CHECK(report.events_appended == 1);
    CHECK(report.rows_already_stored == 1);
    REQUIRE(report.warning_count == 1);
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].to_string().find(path + ":3:8") != std::string::npos);
    CHECK(snapshot(*store).last_seq == before.last_seq + 1);
    auto timeline = store->timeline("P001");
    REQUIRE(timeline);
    bool found = false;
    for (const auto& e : timeline.value()) {
        if (e.source != report.source || e.source_line != 3) continue;
        found = true;
        CHECK(e.note.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
        CHECK(e.note.find('\xff') == std::string::npos);
        CHECK(e.note.find('\xe8') == std::string::npos);
    }
    CHECK(found);
    CHECK(store->verify().ok);
}

TEST_CASE("hostile csv: an unterminated quote is refused naming the line it started on") {
    ScratchDir dir;
    expect_refused(dir, copy_hostile(dir, "unbalanced_quote.csv"), "3");
}

TEST_CASE("hostile csv: Excel-mangled day and time are refused at their columns") {
    ScratchDir dir;
    const std::string errors = expect_refused(dir, copy_hostile(dir, "excel_dates.csv"), "3:2");
    CHECK(errors.find("3-Jan") != std::string::npos);
}

TEST_CASE("hostile csv: a duplicated header column is refused naming the column") {
    ScratchDir dir;
    const std::string errors = expect_refused(dir, copy_hostile(dir, "duplicate_headers.csv"), "1");
    CHECK(errors.find("value") != std::string::npos);
}

TEST_CASE("hostile csv: a 1 MB day field is refused with a truncated value") {
    ScratchDir dir;
    const std::string path = dir.write(
        "big_field.csv", std::string(kHeader) + kInfusionRow + "P001," +
                             std::string(size_t{1} << 20, '7') + ",08:00,temp,,38.5,C,\n");
    const std::string errors = expect_refused(dir, path, "3:2");
    CHECK(errors.size() < 10'000);  // the offending value is cut to a readable length
}

TEST_CASE("hostile csv: a 1 MB note is stored verbatim as one transaction") {
    ScratchDir dir;
    auto store = open_seeded_store((dir.path() / "db").string());
    const StoreSnapshot before = snapshot(*store);
    const std::string note(size_t{1} << 20, 'n');
    const std::string path = dir.write(
        "big_note.csv",
        std::string(kHeader) + "P777,0,10:30,infusion,axi-cel,2,10^6 cells/kg," + note + "\n");
    auto report = import_long(*store, path);
    INFO(all_errors(report));
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(store->last_tx() == before.last_tx + 1);
    auto timeline = store->timeline("P777");
    REQUIRE(timeline.is_ok());
    REQUIRE(timeline.value().size() == 1);
    CHECK(timeline.value().front().note == note);
    CHECK(store->verify().ok);
}

TEST_CASE("hostile csv: 100,000 columns are refused without writing anything") {
    ScratchDir dir;
    std::string text = kHeader;
    std::string row = "P001,0,10:30,infusion,tisagenlecleucel,3.1,10^6 cells/kg,x";
    for (int i = 8; i < 100'000; ++i)
        row += ",x";
    text += row + "\n";
    expect_refused(dir, dir.write("wide.csv", text), "2");
}

TEST_CASE("hostile csv: a 100,000-column header is refused at its first unknown column") {
    ScratchDir dir;
    std::string header = "patient_id,day,time,kind,code,value,unit,note";
    for (int i = 8; i < 100'000; ++i)
        header += ",c" + std::to_string(i);
    const std::string errors =
        expect_refused(dir, dir.write("wide_header.csv", header + "\n" + kInfusionRow), "1:9:");
    // One problem naming a few of them, not 99,992.
    CHECK(errors.find("99992 columns are not the long format's") != std::string::npos);
    CHECK(errors.find("'c8', 'c9', 'c10' and 99989 more") != std::string::npos);
    CHECK(errors.find("c11") == std::string::npos);
}
