#include "shell/repl.h"

#include <editline/readline.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "shell/session.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "shell/terminal.h"

namespace dayzero::shell {

namespace {

constexpr int kHistoryLimit = 5000;

// Set by SIGINT: while reading it makes readline() return, while running it stops the statement.
std::atomic<bool> g_interrupt{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler needs a lock-free flag");

// libedit's completion callbacks are plain functions: they reach the session through these.
SessionImpl* g_session = nullptr;
const std::string* g_buffer = nullptr;
std::vector<std::string> g_matches;
size_t g_next_match = 0;

extern "C" void on_sigint(int) {
    g_interrupt.store(true);
}

void install_sigint_handler() {
    struct sigaction action {};
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked read must return so the prompt can reset
    sigaction(SIGINT, &action, nullptr);
}

char* next_match(const char*, int state) {
    if (state == 0) g_next_match = 0;
    if (g_next_match >= g_matches.size()) return nullptr;
    return strdup(g_matches[g_next_match++].c_str());
}

bool completes_file_name(std::string_view before) {
    const auto words = split_words(before);
    if (words.empty()) return false;
    const std::string& command = words.front();
    if (command == ".open" || command == ".read" || command == ".import" || command == ".output" ||
        command == ".once")
        return true;
    // `plot … to FILE` and `.plot … to FILE`
    return words.size() >= 2 && words.back() == "to";
}

char** complete(const char* text, int start, int) {
    rl_attempted_completion_over = 1;
    if (g_session == nullptr) return nullptr;
    std::string before = (g_buffer != nullptr && !is_blank_text(*g_buffer)) ? *g_buffer : "";
    before.append(rl_line_buffer, static_cast<size_t>(start));
    if (completes_file_name(before)) {
        rl_attempted_completion_over = 0;  // let libedit complete file names
        return nullptr;
    }
    g_matches = g_session->completions(before, text);
    if (g_matches.empty()) return nullptr;
    return rl_completion_matches(text, next_match);
}

std::string main_prompt(SessionImpl& impl) {
    return impl.store_name() + (impl.as_of().is_now() ? "" : " (as of)") + "> ";
}

}  // namespace

int run_repl(Session& session) {
    SessionImpl& impl = session.impl();
    install_sigint_handler();
    rl_catch_signals = 0;
    rl_readline_name = "dayzero";
    rl_attempted_completion_function = complete;
    const std::string history_path = history_file_path();
    stifle_history(kHistoryLimit);
    if (!history_path.empty()) read_history(history_path.c_str());
    impl.set_interrupt_flag(&g_interrupt);
    impl.set_show_progress(stderr_is_tty());
    g_session = &impl;

    std::cout << impl.banner() << std::flush;
    std::string buffer;
    g_buffer = &buffer;
    while (!impl.quit_requested()) {
        g_interrupt.store(false);
        const std::string prompt = main_prompt(impl);
        const std::string continuation =
            std::string(prompt.size() > 5 ? prompt.size() - 5 : 0, ' ') + "...> ";
        char* raw = readline(buffer.empty() ? prompt.c_str() : continuation.c_str());
        if (raw == nullptr) {
            if (g_interrupt.load()) {  // Ctrl-C: drop what was typed, keep the shell
                std::cout << "^C\n" << std::flush;
                buffer.clear();
                continue;
            }
            std::cout << "\n";
            break;  // Ctrl-D
        }
        std::string line(raw);
        std::free(raw);
        // psql's `\q`, `\d`, `\?` work even inside an unfinished statement, which stays pending.
        const size_t first = line.find_first_not_of(" \t");
        const bool backslash =
            !is_blank_text(buffer) && first != std::string::npos && line[first] == '\\';
        std::string& unit = backslash ? line : buffer;
        if (!backslash) buffer.append(line).append("\n");
        if (is_blank_text(unit)) {
            unit.clear();
            continue;
        }
        if (!impl.is_complete(unit)) continue;
        const std::string entry = one_line(unit);
        add_history(entry.c_str());
        if (!history_path.empty()) write_history(history_path.c_str());
        impl.record_history(entry);
        if (const auto columns = terminal_columns()) impl.render_options().width = *columns;
        g_interrupt.store(false);
        impl.run_unit(unit, std::cout, std::cerr);
        // A Ctrl-C that cut a write to the terminal short leaves the stream failed: reset it.
        std::cout.clear();
        std::cerr.clear();
        std::cout << std::flush;
        std::cerr << std::flush;
        unit.clear();
    }
    g_buffer = nullptr;
    g_session = nullptr;
    impl.set_interrupt_flag(nullptr);
    impl.set_show_progress(false);
    return 0;
}

}  // namespace dayzero::shell
