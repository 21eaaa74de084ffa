#include "shell/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace dayzero::shell {
namespace {

using store::Status;

// The first line of descriptor `fd` (without its line end); nullopt on a read error.
std::optional<std::string> read_line(int fd) {
    std::string line;
    char c = 0;
    for (;;) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0 || c == '\n') break;
        line.push_back(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// Asks once on the controlling terminal with echo off.
store::Result<std::string> ask(int tty, const std::string& prompt) {
    termios old{};
    if (::tcgetattr(tty, &old) != 0)
        return Status::io_error("cannot read the passphrase: the terminal refuses settings");
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
    (void)!::write(tty, prompt.data(), prompt.size());
    auto line = read_line(tty);
    ::tcsetattr(tty, TCSAFLUSH, &old);
    (void)!::write(tty, "\n", 1);
    if (!line) return Status::io_error("cannot read the passphrase from the terminal");
    return *line;
}

}  // namespace

void add_passphrase_options(CLI::App& sub, PassphraseSource& source) {
    sub.add_option("--passphrase-env", source.env,
                   "Read the key's passphrase from this environment variable (scripts)");
    sub.add_option("--passphrase-fd", source.fd,
                   "Read the key's passphrase from the first line of this file descriptor");
}

store::Result<std::string> read_passphrase(const PassphraseSource& source,
                                           const std::string& prompt, bool confirm) {
    if (!source.env.empty()) {
        const char* value = std::getenv(source.env.c_str());
        if (value == nullptr) {
            return Status::invalid_argument(fmt::format(
                "--passphrase-env: the environment variable '{}' is not set", source.env));
        }
        return std::string(value);
    }
    if (source.fd >= 0) {
        auto line = read_line(source.fd);
        if (!line) {
            return Status::io_error(fmt::format("--passphrase-fd: cannot read descriptor {}: {}",
                                                source.fd, std::strerror(errno)));
        }
        return *line;
    }
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) {
        return Status::invalid_argument(
            "no terminal to ask for the passphrase: give --passphrase-env NAME or "
            "--passphrase-fd N");
    }
    auto first = ask(tty, prompt);
    if (first && confirm) {
        auto again = ask(tty, "Repeat the passphrase: ");
        if (!again) {
            first = again.status();
        } else if (*again != *first) {
            first = Status::invalid_argument("the two passphrases differ");
        }
    }
    ::close(tty);
    return first;
}

store::Result<std::string> statement_passphrase(const std::string& path) {
    PassphraseSource source;
    if (std::getenv(kStatementPassphraseEnv) != nullptr) source.env = kStatementPassphraseEnv;
    return read_passphrase(source, "Passphrase for " + path + ": ", false);
}

}  // namespace dayzero::shell
