#include "shell/cli_session.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "shell/terminal.h"

namespace dayzero::shell {

namespace {
constexpr int kPipeWidth = 100;
}

SessionOptions cli_session_options(const CommandContext& ctx, std::optional<int> width) {
    SessionOptions options;
    options.db_path = ctx.db_path;
    options.read_only = ctx.read_only;
    options.color = color_wanted();
    options.terminal_width = width.value_or(terminal_columns().value_or(kPipeWidth));
    return options;
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
