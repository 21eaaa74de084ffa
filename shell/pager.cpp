#include "shell/pager.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace dayzero::shell {

namespace {

constexpr const char* kDefaultPager = "less -FRX";

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return false;
    std::string_view rest(path);
    while (!rest.empty()) {
        const size_t colon = rest.find(':');
        const std::string_view dir = rest.substr(0, colon);
        std::error_code ec;
        if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / program, ec))
            return true;
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return false;
}

}  // namespace

std::optional<std::string> pager_command() {
    if (const char* pager = std::getenv("PAGER")) {
        if (std::string_view(pager).find_first_not_of(" \t") == std::string_view::npos)
            return std::nullopt;
        return std::string(pager);
    }
    if (on_path("less")) return std::string(kDefaultPager);
    if (on_path("more")) return std::string("more");
    return std::nullopt;
}

bool pager_shows_colour(const std::string& command) {
    return command == kDefaultPager;
}

size_t count_lines(std::string_view text) {
    size_t lines = 0;
    for (char c : text)
        lines += c == '\n' ? 1 : 0;
    if (!text.empty() && text.back() != '\n') ++lines;
    return lines;
}

bool write_interruptibly(std::string_view text, std::ostream& out,
                         const std::atomic<bool>* interrupt) {
    size_t start = 0;
    while (start < text.size()) {
        if ((interrupt != nullptr && interrupt->load()) || !out) {
            out.clear();  // a write cut short by the signal fails the stream
            out << "\n(output interrupted)\n" << std::flush;
            return false;
        }
        const size_t nl = text.find('\n', start);
        const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        out.write(text.data() + start, static_cast<std::streamsize>(end - start));
        // Flushed line by line so the terminal, not our buffer, holds what is still to come.
        out.flush();
        start = end;
    }
    return true;
}

bool show_in_pager(std::string_view text, const std::string& command,
                   const std::atomic<bool>* interrupt) {
    std::fflush(stdout);
    // A pager quit before the end closes the pipe: that must end the writing, not the shell.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &previous);
    FILE* pipe = ::popen(command.c_str(), "w");
    if (pipe == nullptr) {
        sigaction(SIGPIPE, &previous, nullptr);
        return false;
    }
    constexpr size_t kChunk = 16 << 10;
    for (size_t start = 0; start < text.size(); start += kChunk) {
        if (interrupt != nullptr && interrupt->load()) break;
        const size_t n = std::min(kChunk, text.size() - start);
        if (std::fwrite(text.data() + start, 1, n, pipe) != n) break;
    }
    ::pclose(pipe);
    sigaction(SIGPIPE, &previous, nullptr);
    return true;
}

}  // namespace dayzero::shell
