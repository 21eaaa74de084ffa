// Saved cohorts through the real binary: saved by one process, used by another, in `history`,
// absent as of a point before the save, kept by a replay round trip and covered by verify.
#include <string>

#include <catch2/catch.hpp>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

std::string db_arg(const TempDir& dir, const char* name = "store") {
    return "--db " + sh_quote(dir.str(name));
}

// `dayzero query` with `statements` in CSV, as one process.
RunResult query(const TempDir& dir, const std::string& statements, const char* name = "store") {
    return run_dayzero("query " + db_arg(dir, name) + " --format csv " + sh_quote(statements));
}

}  // namespace

TEST_CASE("a cohort saved by one process is used by another, with its history and as of") {
    TempDir dir("saved");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    // Before it is saved, another process does not know it, and says how to keep one.
    RunResult r = query(dir, "count patients where toci;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no measure, attribute or cohort 'toci'") != std::string::npos);
    CHECK(r.err.find("save cohort toci;") != std::string::npos);

    r = query(dir,
              "cohort toci = patients where doses(tocilizumab) > 0; "
              "save cohort toci by 'Dr A' reason 'for the toci analysis';");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("saved cohort toci (seq 39, tx 2), reason: for the toci analysis") !=
          std::string::npos);

    r = query(dir, "count patients where toci;");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "n,of,percent\n1,3,33.333333333333336\n");
    r = query(dir, "history cohorts;");
    CHECK(r.out.find("39,2,") != std::string::npos);
    CHECK(r.out.find(",Dr A,") != std::string::npos);
    CHECK(r.out.find("doses(tocilizumab) > 0,original,for the toci analysis") != std::string::npos);
    // The moment before the save (the fixture's last event) has no such cohort.
    r = query(dir, "count patients where toci as of seq 38;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no measure, attribute or cohort 'toci'") != std::string::npos);

    // Replaced by a new transaction; the old definition stays readable as of before it.
    r = query(dir,
              "cohort toci = patients where doses(tocilizumab) > 1; "
              "save cohort toci reason 'two doses';");
    CHECK(r.err.find("replaced cohort toci (seq 40, tx 3), reason: two doses") !=
          std::string::npos);
    CHECK(query(dir, "count patients where toci;").out.find("\n0,3,") != std::string::npos);
    CHECK(query(dir, "count patients where toci as of seq 39;").out.find("\n1,3,") !=
          std::string::npos);

    // Dropped: a reason is needed, and the drop is one more record.
    r = query(dir, "drop cohort toci;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("dropping it needs a reason") != std::string::npos);
    r = query(dir, "drop cohort toci by 'Dr B' reason 'analysis closed';");
    CHECK(r.exit_code == 0);
    CHECK(query(dir, "count patients where toci;").exit_code == 1);
    CHECK(query(dir, "count patients where toci as of seq 40;").exit_code == 0);
    r = query(dir, "history cohorts;");
    CHECK(r.out.find("retracts seq 39,analysis closed") != std::string::npos);

    // verify covers the records; a replay round trip keeps them.
    CHECK(run_dayzero("verify " + db_arg(dir)).exit_code == 0);
    const std::string stream = dir.str("stream.txt");
    const RunResult replay = run_dayzero("replay " + db_arg(dir));
    REQUIRE(replay.exit_code == 0);
    write_text(stream, replay.out);
    REQUIRE(
        run_dayzero("replay " + db_arg(dir, "copy") + " --load " + sh_quote(stream)).exit_code ==
        0);
    CHECK(query(dir, "count patients where toci as of seq 40;", "copy").out.find("\n0,3,") !=
          std::string::npos);
    CHECK(query(dir, "history cohorts;", "copy").out == query(dir, "history cohorts;").out);
}

TEST_CASE("a definition saved by one process is used by another, with its history and as of") {
    TempDir dir("saveddef");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    RunResult r = query(dir, "set definition strict;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no saved definition 'strict' (none is saved") != std::string::npos);

    // The definition in force for the statement (the session's, with its `with`) is saved.
    r = query(dir,
              "save definition strict by 'Dr A' reason 'sensitivity' with fever 39 C, gap 1 day;");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("saved definition strict (seq 39, tx 2), reason: sensitivity") !=
          std::string::npos);

    // Another process brings it in by name, for the session or for one statement.
    const RunResult by_settings =
        query(dir, "count patients by max_grade with fever 39 C, gap 1 day;");
    REQUIRE(by_settings.exit_code == 0);
    r = query(dir, "count patients by max_grade with definition strict;");
    CHECK(r.exit_code == 0);
    CHECK(r.out == by_settings.out);
    CHECK(r.err.find("fever >= 39.0 C; episode ends after 1 CRS-negative days") !=
          std::string::npos);
    r = query(dir, "set definition strict; count patients by max_grade;");
    CHECK(r.out.find(by_settings.out) != std::string::npos);
    CHECK(r.err.find(
              "CRS definition strict (saved, seq 39): ASTCT 2019 (modified): fever >= 39.0 C") !=
          std::string::npos);
    r = query(dir, "set definition strict; show definitions;");
    CHECK(r.out.find("definition strict,\"fever 39 C, gap 1 days, low_flow 6 L/min, masking (") !=
          std::string::npos);
    CHECK(r.out.find("window 0 to 28, fall_window 72 h (seq 39; in force)\"") != std::string::npos);

    // A mistyped name gets the nearest saved one; before the save the name is unknown.
    r = query(dir, "set definition strct;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no saved definition 'strct', did you mean 'strict'?") != std::string::npos);
    r = query(dir, "count patients with definition strict as of seq 38;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no saved definition 'strict'") != std::string::npos);

    // Saving the same settings again changes nothing and is refused; other settings replace it.
    r = query(dir, "set definition strict; save definition strict;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("save definition refused: definition strict is already saved") !=
          std::string::npos);
    r = query(dir, "save definition strict reason 'fever 39.5' with fever 39.5 C;");
    CHECK(r.err.find("replaced definition strict (seq 40, tx 3), reason: fever 39.5") !=
          std::string::npos);
    CHECK(query(dir, "set definition strict;").err.find("fever >= 39.5 C") != std::string::npos);
    CHECK(query(dir, "count patients with definition strict as of seq 39;")
              .err.find("fever >= 39.0 C") != std::string::npos);

    // Dropped with a reason, as a record of its own; the history keeps every record.
    r = query(dir, "drop definition strict;");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("dropping it needs a reason") != std::string::npos);
    r = query(dir, "drop definition strict by 'Dr B' reason 'closed';");
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("dropped saved definition strict (seq 41, tx 4), reason: closed") !=
          std::string::npos);
    CHECK(query(dir, "set definition strict;").exit_code == 1);
    r = query(dir, "history definitions;");
    CHECK(r.out.find("39,2,") != std::string::npos);
    CHECK(r.out.find(",Dr A,") != std::string::npos);
    CHECK(r.out.find("amends seq 39,fever 39.5") != std::string::npos);
    CHECK(r.out.find("retracts seq 39,closed") != std::string::npos);
    // Saved definitions are system records: no patient of the store.
    CHECK(query(dir, "count patients;").out == "n,percent\n3,100\n");
}
