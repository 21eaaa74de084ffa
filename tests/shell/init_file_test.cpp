// The shell's init file through the real binary: ~/.dayzerorc, $DAYZERO_INIT, --init, --no-init.
#include <cstdlib>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "shell_fixture.h"

using namespace dayzero::shell::testing;

namespace {

// Sets an environment variable for one test case (each case runs in its own process under
// ctest) and restores it after.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

std::string shell_args(const TempDir& dir) {
    return "shell --db " + sh_quote(dir.str("store"));
}

const char* const kRc = ".mode csv\ncohort toci = patients where doses(tocilizumab) > 0;\n";

}  // namespace

TEST_CASE(
    "init file: ~/.dayzerorc runs before a script with its results on stderr and --no-init skips "
    "it") {
    TempDir dir("rc");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    write_text(dir.path() / ".dayzerorc", kRc);
    ScopedEnv home("HOME", dir.str(""));
    ::unsetenv("DAYZERO_INIT");
    RunResult r = run_dayzero(shell_args(dir), "count patients where toci;\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "n,of,percent\n1,3,33.333333333333336\n");
    CHECK(r.err.find("cohort toci: 1 patients") != std::string::npos);

    r = run_dayzero(shell_args(dir) + " --no-init", "count patients where toci;\n");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("save cohort toci;") != std::string::npos);
}

TEST_CASE(
    "an init file named by --init or DAYZERO_INIT runs first and a missing or failing one stops a "
    "script") {
    TempDir dir("init");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    write_text(dir.path() / "setup.dz", kRc);
    ScopedEnv home("HOME", dir.str("nohome"));
    RunResult r = run_dayzero(shell_args(dir) + " --init " + sh_quote(dir.str("setup.dz")),
                              "count patients where toci;\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "n,of,percent\n1,3,33.333333333333336\n");
    {
        ScopedEnv init("DAYZERO_INIT", dir.str("setup.dz"));
        r = run_dayzero(shell_args(dir), "count patients where toci;\n");
        CHECK(r.exit_code == 0);
        CHECK(r.out == "n,of,percent\n1,3,33.333333333333336\n");
    }
    r = run_dayzero(shell_args(dir) + " --init " + sh_quote(dir.str("missing.dz")),
                    "count patients;\n");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("missing.dz") != std::string::npos);

    write_text(dir.path() / "bad.dz", "count patients where nonsense;\n");
    r = run_dayzero(shell_args(dir) + " --init " + sh_quote(dir.str("bad.dz")),
                    "count patients;\n");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("init file " + dir.str("bad.dz") + " stopped at the error above") !=
          std::string::npos);
}
