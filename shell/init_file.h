#pragma once
// The shell's init file: statements and dot commands run when `dayzero shell` starts, before the
// terminal or the script (saved cohorts persist in the store; settings such as `set fever 38.3 C`
// or `.mode csv` belong here). docs/SHELL.md, "Init file".

#include <iosfwd>
#include <optional>
#include <string>

#include "shell/session.h"

namespace dayzero::shell {

// Where the init file comes from: `--init FILE`, `--no-init`, else $DAYZERO_INIT, else
// ~/.dayzerorc when it exists.
struct InitChoice {
    std::string file;   // --init FILE ("" = not given)
    bool none = false;  // --no-init
};

// The init file to read for `choice` in this environment; nullopt when there is none. A file named
// by --init or $DAYZERO_INIT must exist (run_init_file reports it); ~/.dayzerorc is optional.
std::optional<std::string> init_file_path(const InitChoice& choice);

// Runs the init file chosen by `choice` in `session`, its results and errors on `err` (so a
// script's standard output holds only the script's results). False when the file cannot be read
// or one of its lines fails; the error names the file.
bool run_init_file(Session& session, const InitChoice& choice, std::ostream& err);

}  // namespace dayzero::shell
