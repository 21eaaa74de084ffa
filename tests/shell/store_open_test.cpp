// Stores are opened, not conjured: the real binary refuses paths that are not stores, suggests
// nearby ones, never creates parent folders, and reads beside a writer; `shell -c` and
// `query -f` with errors in the script's own coordinates; --help and usage errors.
#include <catch2/catch.hpp>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

// A folder with one store, `demo.db`, holding the three-patient fixture.
struct StoreFolder {
    TempDir dir{"open"};
    StoreFolder() {
        std::string error;
        REQUIRE(build_fixture_store(dir.str("demo.db"), error));
    }
    std::string db(const std::string& name) const { return "--db " + sh_quote(dir.str(name)); }
};

}  // namespace

TEST_CASE("open: a mistyped --db is refused with the nearby store, and nothing is created") {
    StoreFolder f;
    for (const char* command : {"query", "shell", "verify"}) {
        const RunResult r =
            run_dayzero(std::string(command) + " " + f.db("demo.bd") +
                            (std::string(command) == "query" ? " 'count patients;'" : ""),
                        "count patients;\n");
        CHECK(r.exit_code != 0);
        CHECK(contains(r.err, "no dayzero store at"));
        CHECK(contains(r.err, "did you mean '" + f.dir.str("demo.db") + "'?"));
        CHECK(r.out.find("patients") == std::string::npos);
        CHECK_FALSE(fs::exists(f.dir.path() / "demo.bd"));
    }
    const RunResult audit =
        run_dayzero("audit export " + f.db("demo") + " --out " + sh_quote(f.dir.str("trail.csv")));
    CHECK(audit.exit_code != 0);
    CHECK(contains(audit.err, "did you mean"));
}

TEST_CASE("open: an empty folder, a file and another folder are not stores") {
    StoreFolder f;
    fs::create_directories(f.dir.path() / "empty");
    write_text(f.dir.path() / "file.txt", "hello\n");
    fs::create_directories(f.dir.path() / "photos");
    write_text(f.dir.path() / "photos" / "a.jpg", "x");
    const RunResult empty = run_dayzero("query " + f.db("empty") + " 'count patients;'");
    CHECK(empty.exit_code == 1);
    CHECK(contains(empty.err, "is an empty folder, not a dayzero store"));
    CHECK(fs::is_empty(f.dir.path() / "empty"));
    const RunResult file = run_dayzero("shell " + f.db("file.txt") + " -c .tables");
    CHECK(file.exit_code == 1);
    CHECK(contains(file.err, "is a file, not a dayzero store"));
    const RunResult other = run_dayzero("query " + f.db("photos") + " 'count patients;'");
    CHECK(other.exit_code == 1);
    CHECK(contains(other.err, "is a folder but not a dayzero store"));
}

TEST_CASE("open: init and import make stores, but never a missing parent folder") {
    TempDir dir("init");
    const RunResult made = run_dayzero("init " + sh_quote(dir.str("new.db")));
    CHECK(made.exit_code == 0);
    CHECK(contains(made.out, "Created an empty dayzero store"));
    const RunResult counted = run_dayzero("query --db " + sh_quote(dir.str("new.db")) +
                                          " --format csv 'count patients;'");
    CHECK(counted.exit_code == 0);
    CHECK(counted.out.rfind("n,percent\n0,", 0) == 0);
    const RunResult again = run_dayzero("init " + sh_quote(dir.str("new.db")));
    CHECK(again.exit_code == 0);
    CHECK(contains(again.err, "already a dayzero store"));
    const RunResult deep = run_dayzero("init " + sh_quote(dir.str("no/such/x.db")));
    CHECK(deep.exit_code == 1);
    CHECK(contains(deep.err, "does not exist"));
    write_text(dir.path() / "e.csv", "patient_id,day,kind,value\nP1,0,infusion,1\n");
    const RunResult import = run_dayzero("import --db " + sh_quote(dir.str("missing/x.db")) + " " +
                                         sh_quote(dir.str("e.csv")));
    CHECK(import.exit_code == 1);
    CHECK(contains(import.err, "the folder '" + dir.str("missing") + "' does not exist"));
    CHECK_FALSE(fs::exists(dir.path() / "missing"));
}

TEST_CASE("open: a reading query works beside an open shell; a writing one is refused") {
    StoreFolder f;
    TempDir home("home");
    Tmux tty(std::string(DAYZERO_BINARY) + " shell " + f.db("demo.db"), home.str());
    REQUIRE(contains(tty.wait_for("demo> "), "demo> "));
    const RunResult read = run_dayzero("query " + f.db("demo.db") +
                                       " --format csv "
                                       "'count patients;' 'show cohorts;'");
    CHECK(read.exit_code == 0);
    CHECK(read.out.rfind("n,percent\n3,100\n", 0) == 0);
    const RunResult write =
        run_dayzero("query " + f.db("demo.db") + " \"retract 1 reason 'test';\"");
    CHECK(write.exit_code == 1);
    CHECK(contains(write.err, "already open for writing"));
    tty.keys("C-d");
}

TEST_CASE("open: a read-only shell sees what a writer commits after it opened") {
    StoreFolder f;
    TempDir home("home");
    Tmux tty(std::string(DAYZERO_BINARY) + " shell --read-only " + f.db("demo.db"), home.str());
    REQUIRE(contains(tty.wait_for("demo> "), "demo> "));
    tty.type(".mode csv");
    tty.keys("Enter");
    tty.type("count patients;");
    tty.keys("Enter");
    REQUIRE(contains(tty.wait_for("n,percent"), "3,100"));
    write_text(f.dir.path() / "more.csv",
               "patient_id,day,kind,code,value,unit\nNEW1,0,temp,,37.2,C\n");
    const RunResult import = run_dayzero("import " + f.db("demo.db") + " " +
                                         sh_quote(f.dir.str("more.csv")) + " --reason 'one more'");
    REQUIRE(import.exit_code == 0);
    tty.type("count patients;");
    tty.keys("Enter");
    CHECK(contains(tty.wait_for("4,100"), "4,100"));
    tty.keys("C-d");
}

TEST_CASE("shell -c runs statements and meta-commands, then exits with their status") {
    StoreFolder f;
    const RunResult ok =
        run_dayzero("shell " + f.db("demo.db") + " -c " +
                    sh_quote(".mode csv\ncount patients; count patients where max_grade >= 3;"));
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "n,percent\n3,100\nn,of,percent\n1,3,33.333333333333336\n");
    const RunResult bad = run_dayzero("shell " + f.db("demo.db") + " -c 'count patients wher;'");
    CHECK(bad.exit_code == 1);
    CHECK(contains(bad.err, "Syntax error"));
    CHECK(bad.out.empty());
}

TEST_CASE("errors in -c and in query's arguments point into the argument text") {
    StoreFolder f;
    // The second line of -c, the second statement on it: its own column in that line.
    const RunResult c = run_dayzero("shell " + f.db("demo.db") + " -c " +
                                    sh_quote(".mode csv\ncount patients; count patients wher;"));
    CHECK(c.exit_code == 1);
    INFO(c.err);
    CHECK(contains(c.err, "\n-c:2:32: Syntax error: unexpected 'wher'"));
    CHECK(contains(c.err, "count patients wher;\n"));
    CHECK(contains(c.err, "^^^^"));
    // `dayzero query`: each argument is a line.
    const RunResult q = run_dayzero("query " + f.db("demo.db") +
                                    " 'count patients;' 'count patients where max_grad > 1;'");
    CHECK(q.exit_code == 1);
    INFO(q.err);
    CHECK(q.err.rfind("argument:2:22: Unknown name", 0) == 0);
    // A meta-command's error names its line of the argument too.
    const RunResult meta =
        run_dayzero("shell " + f.db("demo.db") + " -c " + sh_quote("\n.mode xml"));
    CHECK(meta.err.rfind("-c:2: ", 0) == 0);
}

TEST_CASE("query -f reports errors at FILE:LINE:COLUMN of the file") {
    StoreFolder f;
    const std::string script = f.dir.str("study.dz");
    write_text(script,
               "-- the study's questions\n"
               "count patients;\n"
               "\n"
               "count patients\n"
               "  where max_grade >=;\n");
    const RunResult r = run_dayzero("query " + f.db("demo.db") + " -f " + sh_quote(script));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "3 "));  // the first statement ran
    INFO(r.err);
    CHECK(r.err.rfind(script + ":5:", 0) == 0);
    CHECK(contains(r.err, ": Syntax error"));
    // A second statement on the same line is placed by its own column; stdin is "<stdin>".
    const RunResult line = run_dayzero("query " + f.db("demo.db") + " -f -",
                                       "count patients;\ncount patients; events P0077 days x;\n");
    CHECK(line.exit_code == 1);
    INFO(line.err);
    CHECK(line.err.rfind("<stdin>:2:", 0) == 0);
    const size_t column = std::stoul(line.err.substr(std::string("<stdin>:2:").size()));
    CHECK(column > 16);
    // Meta-command errors name their line too.
    write_text(script, ".mode csv\n\n.mode xml\n");
    const RunResult meta = run_dayzero("shell " + f.db("demo.db") + " -f " + sh_quote(script));
    CHECK(meta.err.rfind(script + ":3: ", 0) == 0);
}

TEST_CASE(
    "cli: --help shows examples, the --db default and the docs; errors show their usage "
    "and what was meant") {
    const RunResult help = run_dayzero("--help");
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "Examples:"));
    CHECK(contains(help.out, "./dayzero.db"));
    CHECK(contains(help.out, "docs/SHELL.md"));
    const RunResult typo = run_dayzero("qeury");
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "unknown command 'qeury' (did you mean 'query'?)"));
    const RunResult option = run_dayzero("query --frmat csv");
    CHECK(option.exit_code == 2);
    CHECK(contains(option.err, "unknown option '--frmat' (did you mean '--format'?)"));
    CHECK(contains(option.err, "Usage: dayzero query"));
    CHECK(contains(option.err, "dayzero query --help"));
}
