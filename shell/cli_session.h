#pragma once
// What `dayzero shell` and `dayzero query` share: building a Session from the command line and
// reading scripts.

#include <iosfwd>
#include <optional>
#include <string>

#include "shell/commands.h"
#include "shell/session.h"

namespace dayzero::shell {

// Session options for the store in `ctx`: colour and width from the terminal (100 columns when
// output is not a terminal, so piped output is byte-stable), `width` overriding both.
SessionOptions cli_session_options(const CommandContext& ctx, std::optional<int> width);

// How errors name a script: its path, or "<stdin>" for "-".
std::string script_source_name(const std::string& path);

// Reads a whole file ("-" = standard input) into `text`; false with a message on `err`.
bool read_script(const std::string& path, std::string& text, std::ostream& err);

}  // namespace dayzero::shell
