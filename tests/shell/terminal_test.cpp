// The shell's output habits in a real terminal (tmux, 80 columns): the pager, Ctrl-C while a
// long result is printing, everything fitted to 80 columns, psql's \q and \d, completion of the
// new meta-commands.
#include <catch2/catch.hpp>

#include <algorithm>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

// Terminal columns of a line: UTF-8 continuation bytes take none (the shell draws only
// one-column characters: box lines, ellipses, sparklines).
int columns(const std::string& line) {
    int n = 0;
    for (unsigned char c : line)
        n += (c & 0xC0) == 0x80 ? 0 : 1;
    return n;
}

// The widest line the shell printed after the input `after` (capture-pane -J joins a line the
// terminal wrapped, so an overlong line shows as one).
std::string widest_line_after(const std::string& text, const std::string& after) {
    const size_t start = text.find(after);
    std::istringstream in(start == std::string::npos ? text : text.substr(start + after.size()));
    std::string widest;
    for (std::string line; std::getline(in, line);) {
        if (columns(line) > columns(widest)) widest = line;
    }
    return widest;
}

struct Terminal {
    TempDir dir{"term"};
    std::string store = dir.str("demo.db");
    std::string home = dir.str("home");
    Terminal() {
        fs::create_directories(home);
        std::string error;
        REQUIRE(build_fixture_store(store, error));
    }
    std::string shell(const std::string& env = "") const {
        return env + " " + std::string(DAYZERO_BINARY) + " shell --db " + sh_quote(store);
    }
};

void run(Tmux& tty, const std::string& input) {
    tty.type(input);
    tty.keys("Enter");
}

}  // namespace

TEST_CASE("terminal: results taller than the screen go through $PAGER; .pager off prints them") {
    Terminal t;
    const std::string paged = t.dir.str("paged.txt");
    Tmux tty(t.shell("env PAGER=" + sh_quote("cat > " + sh_quote(paged))), t.home, 80, 24);
    tty.wait_for("demo> ");
    run(tty, "events P007;");  // 25 rows: taller than 24 lines
    tty.wait_for("demo> ", 2);
    for (int i = 0; i < 100 && !contains(read_text(paged), "rows"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string text = read_text(paged);
    INFO(text);
    CHECK(contains(text, "25 rows"));
    CHECK(contains(text, "2400"));
    CHECK_FALSE(contains(tty.screen(), "25 rows"));
    run(tty, "count patients;");  // short: never paged
    CHECK(contains(tty.wait_for("1 row"), "1 row"));
    run(tty, ".pager off");
    run(tty, "events P007;");
    CHECK(contains(tty.wait_for("25 rows"), "25 rows"));
    tty.keys("C-d");
}

TEST_CASE("terminal: .maxrows elides the middle rows and gives the total") {
    Terminal t;
    Tmux tty(t.shell(), t.home, 80, 40);
    tty.wait_for("demo> ");
    run(tty, ".maxrows 6");
    run(tty, "events P007;");
    const std::string screen = tty.wait_for("rows (6 shown)");
    CHECK(contains(screen, "… 19 rows omitted …"));
    CHECK(contains(screen, "25 rows (6 shown)"));
    CHECK(contains(screen, "last_followup"));  // the last row is kept
}

TEST_CASE("terminal: Ctrl-C stops a long result at once, the shell and its store stay usable") {
    TempDir dir("ctrlc");
    const std::string store = dir.str("big.db");
    const std::string home = dir.str("home");
    fs::create_directories(home);
    // 400 generated patients: a result long enough (about 175,000 rows) that printing cannot
    // end before the interrupt arrives, even on a loaded machine.
    const std::string cohort = dir.str("cohort");
    REQUIRE(run_dayzero("generate --patients 400 --seed 7 --format long --out " + sh_quote(cohort))
                .exit_code == 0);
    REQUIRE(run_dayzero("import --db " + sh_quote(store) + " " + sh_quote(cohort + "/events.csv"))
                .exit_code == 0);
    const RunResult counted =
        run_dayzero("query --db " + sh_quote(store) + " --format csv 'events;'");
    const size_t all_rows =
        static_cast<size_t>(std::count(counted.out.begin(), counted.out.end(), '\n')) - 1;
    Tmux tty(std::string(DAYZERO_BINARY) + " shell --db " + sh_quote(store), home, 80, 24);
    tty.wait_for("big> ");
    run(tty, ".pager off");
    run(tty, "events;");
    // Printing has begun once event rows scroll by (at 80 columns the nine columns are printed
    // as `name = value` lines); then interrupt it.
    REQUIRE(contains(tty.wait_for("patient = P0", 3, 30), "patient = P0"));
    tty.keys("C-c");
    const std::string screen = tty.wait_for("big> ", 1, 20);
    CHECK(contains(screen, "interrupted"));
    CHECK_FALSE(contains(screen, std::to_string(all_rows) + " rows"));
    CHECK(tty.alive());
    run(tty, ".mode csv");
    run(tty, "count patients;");
    CHECK(contains(tty.wait_for("\n400,100"), "\n400,100"));
    // The store is still the shell's and only the shell's: a reader works beside it.
    const RunResult reader =
        run_dayzero("query --db " + sh_quote(store) + " --format csv 'count patients;'");
    CHECK(reader.out.rfind("n,percent\n400,100\n", 0) == 0);
    tty.keys("C-d");
}

TEST_CASE("terminal: at 80 columns tables, notes and the timeline fit, words whole") {
    Terminal t;
    Tmux tty(t.shell("env NO_COLOR=1"), t.home, 80, 60);
    tty.wait_for("demo> ");
    run(tty, ".pager off");
    run(tty, "compare first_duration by max_grade >= 3;");
    std::string screen = tty.wait_for("CRS definition");
    tty.wait_for("demo> ", 2);
    screen = tty.screen();
    const std::string widest = widest_line_after(screen, ">= 3;\n");
    INFO(widest);
    CHECK(columns(widest) <= 80);
    CHECK_FALSE(contains(screen, "max_…"));
    // The long CRS-definition note is wrapped between words: its drug list is intact.
    CHECK(contains(screen, "masking drugs"));
    CHECK(contains(screen, "tocilizumab,"));
    // A table too wide even when wrapped (history's 14 columns) is shown as lines, values whole.
    run(tty, "history seq 5;");
    tty.wait_for("name = value lines");
    tty.wait_for("1 row");
    screen = tty.screen();
    const size_t typed = screen.rfind("history seq 5;");
    REQUIRE(typed != std::string::npos);
    const std::string history = screen.substr(typed);
    INFO(history);
    CHECK(columns(widest_line_after(history, "seq 5;\n")) <= 80);
    CHECK_FALSE(contains(history, "…"));
    CHECK(contains(history, "recorded_at = "));
    tty.keys("C-d");
    for (int i = 0; i < 100 && tty.alive(); ++i)  // the store has one writer at a time
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Tmux plot(t.shell("env NO_COLOR=1"), t.home, 80, 60);
    plot.wait_for("demo> ");
    run(plot, "plot timeline P007;");
    plot.wait_for("CRS definition");
    plot.wait_for("demo> ", 2);
    const std::string chart = widest_line_after(plot.screen(), "P007;\n");
    INFO(chart);
    CHECK(columns(chart) <= 80);
}

TEST_CASE("terminal: \\q quits, also inside an unfinished statement; \\d lists the tables") {
    Terminal t;
    {
        Tmux tty(t.shell(), t.home, 80, 30);
        tty.wait_for("demo> ");
        run(tty, "\\d");
        const std::string screen = tty.wait_for("measures");
        CHECK(contains(screen, "max_grade"));
        CHECK(contains(screen, "kinds"));
        run(tty, "events P007");
        tty.wait_for("...> ");
        run(tty, "\\q");
        bool exited = false;
        for (int i = 0; i < 100 && !exited; ++i) {
            exited = !tty.alive();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CHECK(exited);
    }
    Tmux tty(t.shell(), t.home, 80, 30);
    tty.wait_for("demo> ");
    run(tty, "\\q");
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
        exited = !tty.alive();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(exited);
}

TEST_CASE("terminal: Tab completes the new meta-commands and their arguments") {
    Terminal t;
    Tmux tty(t.shell(), t.home, 80, 30);
    tty.wait_for("demo> ");
    tty.type(".maxr");
    tty.keys("Tab");
    tty.type(" 2");
    tty.keys("Enter");
    tty.type(".nullv");
    tty.keys("Tab");
    tty.type(" -");
    tty.keys("Enter");
    tty.type(".head");
    tty.keys("Tab");
    tty.type(" of");
    tty.keys("Tab");
    tty.keys("Enter");
    run(tty, "patients;");
    const std::string screen = tty.wait_for("(2 shown)");
    CHECK(contains(screen, "3 rows (2 shown)"));
    CHECK_FALSE(contains(screen, "│ patient"));  // .headers off
    CHECK_FALSE(contains(screen, "Error"));
}
