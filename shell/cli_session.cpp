#include "shell/cli_session.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "shell/terminal.h"

namespace dayzero::shell {

namespace {
// Output that is not a terminal is fitted to 80 columns, so it is byte-stable wherever it runs.
constexpr int kPipeWidth = 80;
}  // namespace

SessionOptions cli_session_options(const CommandContext& ctx, std::optional<int> width) {
    SessionOptions options;
    options.db_path = ctx.db_path;
    options.read_only = ctx.read_only;
    options.create_if_missing = false;  // only init, import and demo make stores
    options.color = color_wanted();
    options.terminal_width = width.value_or(terminal_columns().value_or(kPipeWidth));
    options.terminal_output = stdout_is_tty();
    return options;
}

std::string script_source_name(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
}

bool read_script(const std::string& path, std::string& text, std::ostream& err) {
    std::stringstream buffer;
    if (path == "-") {
        buffer << std::cin.rdbuf();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            err << "Error: cannot read script '" << path << "'\n";
            return false;
        }
        buffer << in.rdbuf();
    }
    text = buffer.str();
    return true;
}

}  // namespace dayzero::shell
