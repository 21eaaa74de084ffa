#pragma once
// Where a key file's passphrase comes from: the terminal (no echo), or, for scripts and tests, an
// environment variable or an open file descriptor named by an option. Never the command line,
// where every user of the machine could read it in the process list.

#include <string>

#include "store/status.h"

namespace CLI {
class App;
}

namespace dayzero::shell {

struct PassphraseSource {
    std::string env;  // --passphrase-env NAME: read the variable NAME
    int fd = -1;      // --passphrase-fd N: read the first line of descriptor N
};

// Adds --passphrase-env and --passphrase-fd to a subcommand.
void add_passphrase_options(CLI::App& sub, PassphraseSource& source);

// The passphrase from `source`, else asked on the terminal with `prompt` (twice when `confirm`,
// which must agree). Fails naming the variable or descriptor, or when there is no terminal.
store::Result<std::string> read_passphrase(const PassphraseSource& source,
                                           const std::string& prompt, bool confirm);

// Environment variable giving the passphrase of the key a `sign ... using 'FILE'` statement names
// (scripts); without it the terminal is asked.
inline constexpr const char* kStatementPassphraseEnv = "DAYZERO_KEY_PASSPHRASE";

// The passphrase for key file `path` named by a statement: $DAYZERO_KEY_PASSPHRASE, else asked on
// the terminal.
store::Result<std::string> statement_passphrase(const std::string& path);

}  // namespace dayzero::shell
