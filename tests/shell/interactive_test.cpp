// Drives the interactive shell through a pseudo-terminal (tmux on a private socket, HOME in a
// scratch folder so the history file never touches the real home).
#include <catch2/catch.hpp>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

struct InteractiveShell {
    TempDir dir{"tty"};
    std::string store = dir.str("demo.db");
    std::string home = dir.str("home");

    InteractiveShell() {
        fs::create_directories(home);
        std::string error;
        REQUIRE(build_fixture_store(store, error));
    }
    std::string command(const std::string& extra = "") const {
        return std::string(DAYZERO_BINARY) + " shell --db " + sh_quote(store) + extra;
    }
};

}  // namespace

TEST_CASE("interactive: banner, prompt with the store name, multi-line statement") {
    InteractiveShell shell;
    Tmux tty(shell.command(), shell.home);
    std::string screen = tty.wait_for("demo> ");
    CHECK(screen.find("3 patients") != std::string::npos);
    tty.type("events P002");
    tty.keys("Enter");
    screen = tty.wait_for("...> ");
    REQUIRE(screen.find("...> ") != std::string::npos);  // continuation prompt
    tty.type("  days 0 to 3;");
    tty.keys("Enter");
    screen = tty.wait_for("demo> ", 2);
    CHECK(screen.find("38.4") != std::string::npos);
    CHECK(screen.find("36.8") == std::string::npos);  // day 4 is outside the range
    tty.keys("C-d");
}

TEST_CASE("interactive: .mode csv and .once write where they should") {
    InteractiveShell shell;
    Tmux tty(shell.command(), shell.home);
    tty.wait_for("demo> ");
    tty.type(".mode csv");
    tty.keys("Enter");
    tty.type(".patients");
    tty.keys("Enter");
    std::string screen = tty.wait_for("P007,");
    CHECK(screen.find("patient,events,first_day,last_day,product") != std::string::npos);
    const std::string file = shell.dir.str("once.csv");
    tty.type(".once " + file);
    tty.keys("Enter");
    tty.type(".schema");
    tty.keys("Enter");
    tty.type(".mode");
    tty.keys("Enter");
    screen = tty.wait_for("\ncsv");
    const std::string text = read_text(file);
    CHECK(text.rfind("kind,code,unit,events,patients\n", 0) == 0);
    CHECK(text.find("lab,IL6,pg/mL,5,1") != std::string::npos);
    CHECK(screen.find("lab,IL6") == std::string::npos);  // went to the file, not the screen
}

TEST_CASE("interactive: history is recalled with Up and kept in $HOME") {
    InteractiveShell shell;
    {
        Tmux tty(shell.command(), shell.home);
        tty.wait_for("demo> ");
        tty.type(".mode line");
        tty.keys("Enter");
        tty.wait_for("demo> ", 2);
        tty.keys("C-d");
        for (int i = 0; i < 100 && tty.alive(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // libedit encodes the file with strvis(3) (a space is \040): look for the words.
    const std::string saved = read_text(fs::path(shell.home) / ".dayzero_history");
    CHECK(saved.find(".mode") != std::string::npos);
    CHECK(saved.find("line") != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(shell.store) / ".dayzero_history"));
    Tmux tty(shell.command(), shell.home);
    tty.wait_for("demo> ");
    tty.keys("Up");
    tty.keys("Enter");
    tty.type(".mode");
    tty.keys("Enter");
    const std::string screen = tty.wait_for("\nline");
    CHECK(screen.find("\nline") != std::string::npos);
}

TEST_CASE("interactive: Tab completes a patient id and a meta-command") {
    InteractiveShell shell;
    Tmux tty(shell.command(), shell.home);
    tty.wait_for("demo> ");
    tty.type("events P00");
    tty.keys("Tab Tab");
    std::string screen = tty.wait_for("P001");  // ambiguous: a second Tab lists the candidates
    tty.type("7;");
    tty.keys("Enter");
    screen = tty.wait_for("2400");
    CHECK(screen.find("2400") != std::string::npos);  // P007's IL-6 peak was printed
    tty.type(".pat");
    tty.keys("Tab");
    tty.keys("Enter");
    screen = tty.wait_for("Patients");
    CHECK(screen.find("│ P002") != std::string::npos);
}

TEST_CASE("interactive: Ctrl-C cancels the input being typed; Ctrl-D leaves") {
    InteractiveShell shell;
    Tmux tty(shell.command(), shell.home);
    tty.wait_for("demo> ");
    tty.type("events P007");
    tty.keys("Enter");
    tty.wait_for("...> ");
    tty.keys("C-c");
    std::string screen = tty.wait_for("^C");
    tty.type(".mode");
    tty.keys("Enter");
    screen = tty.wait_for("\ntable");
    CHECK(screen.find("\ntable") != std::string::npos);  // the cancelled statement never ran
    CHECK(screen.find("Error") == std::string::npos);
    CHECK(tty.alive());
    tty.keys("C-d");
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
        exited = !tty.alive();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(exited);
}

TEST_CASE("interactive: colour on a terminal, none with NO_COLOR") {
    InteractiveShell shell;
    {
        Tmux tty(shell.command(), shell.home);
        tty.wait_for("demo> ");
        tty.type(".patients");
        tty.keys("Enter");
        tty.wait_for("3 rows");
        CHECK(tty.screen(true).find("\x1b[") != std::string::npos);
    }
    Tmux plain("env NO_COLOR=1 " + shell.command(), shell.home);
    plain.wait_for("demo> ");
    plain.type(".patients");
    plain.keys("Enter");
    const std::string screen = plain.wait_for("3 rows");
    REQUIRE(screen.find("3 rows") != std::string::npos);
    CHECK(plain.screen(true).find("\x1b[") == std::string::npos);
}
