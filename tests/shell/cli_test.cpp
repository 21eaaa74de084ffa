// Drives the real `dayzero` binary through pipes: subcommand handling, scripts, exit codes.
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <variant>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "query/query_engine.h"
#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

// `--db` naming the folder's store, made with `dayzero init` the first time (every command but
// init, import, generate and demo refuses a path that is not a store).
std::string db_arg(const TempDir& dir) {
    if (!fs::exists(dir.path() / "store")) {
        const RunResult init = run_dayzero("init " + sh_quote(dir.str("store")));
        REQUIRE(init.exit_code == 0);
    }
    return "--db " + sh_quote(dir.str("store"));
}

}  // namespace

TEST_CASE("dayzero --help lists the subcommands") {
    const RunResult r = run_dayzero("--help");
    CHECK(r.exit_code == 0);
    for (const char* sub : {"shell", "query", "import", "replay", "verify", "audit", "demo"})
        CHECK(r.out.find(sub) != std::string::npos);
}

TEST_CASE("an unknown subcommand or option prints one error line plus usage and exits 2") {
    const RunResult r = run_dayzero("frobnicate");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("dayzero: ") == 0);
    CHECK(r.err.find("Usage: dayzero") != std::string::npos);
    const RunResult opt = run_dayzero("shell --no-such-option");
    CHECK(opt.exit_code == 2);
    CHECK(opt.err.find("no-such-option") != std::string::npos);
}

TEST_CASE("a piped script runs meta-commands; results go to stdout") {
    TempDir dir("pipe");
    const RunResult r = run_dayzero("shell " + db_arg(dir), ".mode\n.mode csv\n.mode\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "table\ncsv\n");
    CHECK(r.err.empty());
}

TEST_CASE("a script stops at the first error, reports it on stderr and exits 1") {
    TempDir dir("bail");
    const RunResult r = run_dayzero("shell " + db_arg(dir), ".mode csv\n.mode xml\n.mode\n");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());  // the third line never ran
    CHECK(r.err.find("unknown mode 'xml'") != std::string::npos);
    const RunResult keep = run_dayzero("shell --keep-going " + db_arg(dir), ".mode xml\n.mode\n");
    CHECK(keep.exit_code == 1);
    CHECK(keep.out == "table\n");
}

TEST_CASE("shell -f runs a file; a missing file is an error naming it") {
    TempDir dir("file");
    write_text(dir.path() / "script.dz", "-- comment line\n.timer on\n.mode json\n.mode\n");
    const RunResult r =
        run_dayzero("shell " + db_arg(dir) + " -f " + sh_quote(dir.str("script.dz")));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "json\n");
    const RunResult missing = run_dayzero("shell " + db_arg(dir) + " -f /nonexistent/x.dz");
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("/nonexistent/x.dz") != std::string::npos);
}

TEST_CASE("an unfinished statement at the end of a script is an error") {
    TempDir dir("unfinished");
    const RunResult r = run_dayzero("shell " + db_arg(dir), "events P007\n");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("missing ';'") != std::string::npos);
}

TEST_CASE("unknown meta-commands suggest the nearest one") {
    TempDir dir("unknown-meta");
    const RunResult r = run_dayzero("shell " + db_arg(dir), ".mdoe csv\n");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("did you mean .mode?") != std::string::npos);
}

TEST_CASE(".help is generated from the meta-command table") {
    TempDir dir("help");
    const RunResult r = run_dayzero("shell " + db_arg(dir), ".help\n.help timer\n");
    CHECK(r.exit_code == 0);
    for (const char* name :
         {".open", ".import", ".mode", ".output", ".once", ".timer", ".schema", ".kinds",
          ".patients", ".cohorts", ".defs", ".history", ".read", ".asof", ".plot", ".quit"})
        CHECK(r.out.find(name) != std::string::npos);
    CHECK(r.out.find(".timer on|off") != std::string::npos);
}

TEST_CASE("output is byte-stable across runs") {
    TempDir dir("stable");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::string script = ".patients\n.schema\n.mode csv\n.patients\n.history\n";
    const RunResult a = run_dayzero("shell " + db_arg(dir), script);
    const RunResult b = run_dayzero("shell " + db_arg(dir), script);
    CHECK(a.exit_code == 0);
    CHECK(a.out == b.out);
    CHECK(a.out.find("│ P007    │") != std::string::npos);
    CHECK(a.out.find("patient,events,first_day,last_day,product\nP001,") != std::string::npos);
    CHECK(a.out.find("3  .mode csv") != std::string::npos);
}

TEST_CASE("dayzero query prints results in the chosen format") {
    TempDir dir("query");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const RunResult r = run_dayzero("query " + db_arg(dir) + " --format csv 'events P002;'");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(",38.4,") != std::string::npos);
    CHECK(r.out.find("┌") == std::string::npos);
    const RunResult bad = run_dayzero("query " + db_arg(dir) + " --format xml 'events P002;'");
    CHECK(bad.exit_code == 2);
    const RunResult wrong = run_dayzero("query " + db_arg(dir) + " 'events P002'");
    CHECK(wrong.exit_code == 1);
}

TEST_CASE(".once writes the next result to a file, then output returns to stdout") {
    TempDir dir("once");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::string file = dir.str("patients.csv");
    const RunResult r =
        run_dayzero("shell " + db_arg(dir), ".mode csv\n.once " + file + "\n.patients\n.mode\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "csv\n");
    const std::string text = read_text(file);
    CHECK(text.rfind("patient,events,first_day,last_day,product\n", 0) == 0);
    CHECK(text.find("P007,") != std::string::npos);
}

TEST_CASE("plot timeline draws a terminal chart and writes an SVG file") {
    TempDir dir("plot");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::string svg = dir.str("p007.svg");
    const RunResult r = run_dayzero("shell " + db_arg(dir),
                                    "plot timeline P007;\nplot timeline P007 to " + svg + ";\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("P007: temperature, CRS grade") != std::string::npos);
    CHECK(r.out.find("wrote timeline of P007 to " + svg) != std::string::npos);
    CHECK(read_text(svg).find("<svg") != std::string::npos);
    const RunResult unknown = run_dayzero("shell " + db_arg(dir), "plot timeline P999;\n");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("P999") != std::string::npos);
}

TEST_CASE("exports read back bit-equal to the values the engine computed") {
    TempDir dir("roundtrip");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::vector<std::string> statements = {
        "grades;", "episodes;", "patients show hours_to_toci, first_duration, crs_days, max_grade;",
        "summarize first_duration, hours_to_toci;"};
    // The exports first: the command takes the store's lock, the engine below takes it after.
    std::vector<RunResult> csv, json;
    for (const auto& statement : statements) {
        csv.push_back(run_dayzero("query " + db_arg(dir) + " --format csv " + sh_quote(statement)));
        json.push_back(
            run_dayzero("query " + db_arg(dir) + " --format json " + sh_quote(statement)));
    }
    auto opened = dayzero::store::EventStore::open(dir.str("store"));
    REQUIRE(opened.is_ok());
    dayzero::query::QueryEngine engine(*opened.value());
    size_t reals = 0;
    for (size_t s = 0; s < statements.size(); ++s) {
        INFO(statements[s] << "\n" << csv[s].err << json[s].err);
        const dayzero::query::QueryResult truth = engine.execute(statements[s]).back();
        REQUIRE(truth.ok);
        REQUIRE(csv[s].exit_code == 0);
        REQUIRE(json[s].exit_code == 0);
        const auto doc = nlohmann::json::parse(json[s].out);
        std::istringstream lines(csv[s].out);
        std::string line;
        std::getline(lines, line);  // the header
        REQUIRE(doc.size() == truth.rows.size());
        for (size_t r = 0; r < truth.rows.size(); ++r) {
            REQUIRE(std::getline(lines, line));
            std::vector<std::string> cells;
            std::istringstream row(line);
            for (std::string cell; std::getline(row, cell, ',');)
                cells.push_back(cell);
            for (size_t c = 0; c < truth.columns.size(); ++c) {
                const auto* value = std::get_if<double>(&truth.rows[r][c]);
                if (value == nullptr || !std::isfinite(*value)) continue;
                INFO(truth.columns[c].name << " row " << r);
                REQUIRE(c < cells.size());
                CHECK(std::strtod(cells[c].c_str(), nullptr) == *value);
                CHECK(doc[r][truth.columns[c].name].get<double>() == *value);
                ++reals;
            }
        }
    }
    CHECK(reals > 20);  // the statements did export real numbers
}
