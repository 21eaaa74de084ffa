#pragma once
// Session: one analyst's connection to a store: executes statements and meta-commands from the
// REPL, a script or the e2e test driver, and renders results. Never throws to its caller.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dayzero::shell {

struct SessionOptions {
    std::string db_path = "./dayzero.db";
    bool read_only = false;
    // Create the store when `db_path` is missing or an empty folder (tests, import); the command
    // line never does: it refuses any path that is not a store already (store_path.h).
    bool create_if_missing = true;
    bool color = false;        // ANSI colour (only on a TTY, never with NO_COLOR)
    int terminal_width = 100;  // tables are fitted to this width
    std::string author;        // recorded-by for writes; empty = OS user
    std::optional<int64_t>
        fixed_clock_us;  // tests: recorded-at starts here and advances 1 s per tx
    bool bail = true;    // stop a script at the first error
    // Results go to a terminal: taller ones through the pager, all of them stoppable by Ctrl-C.
    bool terminal_output = false;
    // Tests: the operating-system account recorded by writes (the same output for every user).
    std::optional<std::string> fixed_os_account;
};

class SessionImpl;

class Session {
  public:
    explicit Session(SessionOptions options);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Opens the store named in the options; false (and a message on `err`) when it cannot.
    bool open(std::ostream& err);

    // Runs `input` (statements ending in `;` and meta-commands starting with `.`, one per line)
    // writing results to `out` and errors to `err`. Returns false if any part failed. With a
    // `source` name (the script's file), errors say SOURCE:LINE:COLUMN in the script's lines.
    bool run(std::string_view input, std::ostream& out, std::ostream& err,
             std::string_view source = {});

    // True once `.quit` has been run.
    bool quit_requested() const;

    // The implementation, for the REPL's completion and prompt helpers.
    SessionImpl& impl() { return *impl_; }

  private:
    std::unique_ptr<SessionImpl> impl_;
};

}  // namespace dayzero::shell
