// `dayzero demo` end to end: the real binary, a fresh store, the shipped cohort and tour. The
// tour's answers are pinned by tests/e2e/demo/tour.test and its terminal plots by
// tests/e2e/shell/plots_tour.test; this checks the command around them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

// Runs `dayzero demo --db demo.db` inside `dir`, so the figures land there.
RunResult run_demo(const TempDir& dir) {
    const std::string command = "cd " + sh_quote(dir.str()) + " && " + DAYZERO_BINARY +
                                " demo --db demo.db > out.txt 2> err.txt";
    const int status = std::system(command.c_str());
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(dir.path() / "out.txt");
    result.err = read_text(dir.path() / "err.txt");
    return result;
}

}  // namespace

TEST_CASE("demo: imports the example cohort, runs the tour, writes both figures") {
    TempDir dir("demo");
    const RunResult first = run_demo(dir);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.find("imported 41895 events") != std::string::npos);
    CHECK(first.out.find("Compare first_duration by toci") != std::string::npos);
    CHECK(first.out.find("Table 1 by toci") != std::string::npos);
    CHECK(first.out.find("Overall survival by toci") != std::string::npos);
    CHECK(first.out.find("dayzero shell --db demo.db") != std::string::npos);
    for (const char* png : {"demo_timeline_P0031.png", "demo_km_os_by_toci.png"})
        CHECK(read_text(dir.path() / png).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    // Each step is shown, comment and statement, before its result.
    const size_t step = first.out.find(
        "-- 4. CRS by maximum grade, n (%).\ndayzero> count patients by max_grade;\n");
    CHECK(step != std::string::npos);
    CHECK(first.out.find("Patients by max_grade", step) != std::string::npos);

    // Re-running reuses the store: the cohort is not imported twice, the answers are the same.
    const RunResult second = run_demo(dir);
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("already imported") != std::string::npos);
    const auto tour = [](const std::string& out) { return out.substr(out.find("Patients\n")); };
    CHECK(tour(second.out) == tour(first.out));
}
