#include "shell/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace dayzero::shell {

bool stdout_is_tty() {
    return ::isatty(STDOUT_FILENO) == 1;
}
bool stdin_is_tty() {
    return ::isatty(STDIN_FILENO) == 1;
}
bool stderr_is_tty() {
    return ::isatty(STDERR_FILENO) == 1;
}

std::optional<int> terminal_columns() {
    if (!stdout_is_tty()) return std::nullopt;
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return std::nullopt;
    return static_cast<int>(size.ws_col);
}

std::optional<int> terminal_rows() {
    if (!stdout_is_tty()) return std::nullopt;
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0) return std::nullopt;
    return static_cast<int>(size.ws_row);
}

bool color_wanted() {
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && no_color[0] != '\0') return false;
    return stdout_is_tty();
}

std::string history_file_path() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || home[0] == '\0') return "";
    return std::string(home) + "/.dayzero_history";
}

}  // namespace dayzero::shell
