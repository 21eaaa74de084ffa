#include "shell/init_file.h"

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "shell/cli_session.h"

namespace dayzero::shell {

std::optional<std::string> init_file_path(const InitChoice& choice) {
    if (choice.none) return std::nullopt;
    if (!choice.file.empty()) return choice.file;
    if (const char* env = std::getenv("DAYZERO_INIT"); env != nullptr && *env != '\0') {
        return std::string(env);
    }
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return std::nullopt;
    const std::filesystem::path rc = std::filesystem::path(home) / ".dayzerorc";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(rc, ec)) return std::nullopt;
    return rc.string();
}

bool run_init_file(Session& session, const InitChoice& choice, std::ostream& err) {
    const auto path = init_file_path(choice);
    if (!path) return true;
    std::string text;
    if (!read_script(*path, text, err)) {
        err << "init file " << *path << " was not run (--no-init skips it)\n";
        return false;
    }
    if (session.run(text, err, err)) return true;
    err << "init file " << *path << " stopped at the error above (--no-init skips it)\n";
    return false;
}

}  // namespace dayzero::shell
