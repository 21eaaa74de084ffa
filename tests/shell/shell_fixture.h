#pragma once
// Helpers for the shell behaviour tests: a scratch folder, a small store built through the
// EventStore API, running the real `dayzero` binary, and driving it through tmux.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/event_store.h"

namespace dayzero::shell::testing {

namespace fs = std::filesystem;

// A unique scratch folder removed at the end of the test.
class TempDir {
  public:
    explicit TempDir(const std::string& tag) {
        static int counter = 0;
        path_ =
            fs::temp_directory_path() / ("dayzero-shell-" + tag + "-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(++counter));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    std::string str(const std::string& child = "") const {
        return child.empty() ? path_.string() : (path_ / child).string();
    }

  private:
    fs::path path_;
};

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// Single quotes for /bin/sh.
inline std::string sh_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the dayzero binary with `args` (already shell-quoted where needed), feeding `input` on
// standard input; environment NO_COLOR is irrelevant because output is a pipe.
inline RunResult run_dayzero(const std::string& args, const std::string& input = "") {
    TempDir io("io");
    write_text(io.path() / "in", input);
    const std::string command = std::string(DAYZERO_BINARY) + " " + args + " < " +
                                sh_quote(io.str("in")) + " > " + sh_quote(io.str("out")) + " 2> " +
                                sh_quote(io.str("err"));
    const int status = std::system(command.c_str());
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(io.path() / "out");
    result.err = read_text(io.path() / "err");
    return result;
}

inline store::Event make_event(const std::string& patient, int day, std::optional<int> minute,
                               store::EventKind kind, const std::string& code,
                               std::optional<double> value, const std::string& unit = "") {
    store::Event e;
    e.patient_id = patient;
    e.day = day;
    if (minute) e.minute = static_cast<uint16_t>(*minute);
    e.kind = kind;
    e.code = code;
    e.value = value;
    e.unit = unit;
    return e;
}

// Three patients: P007 with a grade-3 CRS course treated with tocilizumab and dexamethasone,
// P001 without CRS who died of relapse, P002 with mild CRS. Returns false if the store fails.
inline bool build_fixture_store(const std::string& path, std::string& error) {
    using store::EventKind;
    auto opened = store::EventStore::open(path);
    if (!opened.is_ok()) {
        error = opened.status().message();
        return false;
    }
    std::vector<store::Event> ev;
    auto add = [&](const std::string& p, int day, std::optional<int> minute, EventKind kind,
                   const std::string& code, std::optional<double> value,
                   const std::string& unit = "") {
        ev.push_back(make_event(p, day, minute, kind, code, value, unit));
    };
    add("P007", -1, std::nullopt, EventKind::kBaseline, "weight_kg", 70.0, "kg");
    add("P007", 0, 600, EventKind::kInfusion, "axi-cel", 2.0, "10^6 cells/kg");
    const double temps[] = {36.8, 37.1, 37.4, 38.6, 39.4, 39.0, 38.2, 37.2, 36.9, 36.7};
    for (int d = 0; d < 10; ++d)
        add("P007", d, 480, EventKind::kTemp, "", temps[d], "C");
    add("P007", 4, 600, EventKind::kOxygen, "low_flow_nc", 2.0, "L/min");
    add("P007", 5, 300, EventKind::kOxygen, "high_flow_nc", 30.0, "L/min");
    add("P007", 7, 600, EventKind::kOxygen, "room_air", std::nullopt);
    add("P007", 5, 720, EventKind::kVasopressorStart, "norepinephrine", std::nullopt);
    add("P007", 6, 480, EventKind::kVasopressorStop, "norepinephrine", std::nullopt);
    add("P007", 4, 840, EventKind::kDose, "tocilizumab", 560.0, "mg");
    add("P007", 5, 600, EventKind::kDose, "dexamethasone", 10.0, "mg");
    const double il6[] = {12.0, 850.0, 2400.0, 600.0, 45.0};
    const int il6_days[] = {0, 3, 4, 5, 7};
    for (int i = 0; i < 5; ++i)
        add("P007", il6_days[i], 420, EventKind::kLab, "IL6", il6[i], "pg/mL");
    add("P007", 400, std::nullopt, EventKind::kLastFollowup, "", std::nullopt);

    add("P001", 0, std::nullopt, EventKind::kInfusion, "tisa-cel", 1.5, "10^6 cells/kg");
    for (int d = 0; d < 5; ++d)
        add("P001", d, std::nullopt, EventKind::kTemp, "", 36.9, "C");
    add("P001", 120, std::nullopt, EventKind::kRelapse, "", std::nullopt);
    add("P001", 200, std::nullopt, EventKind::kDeath, "relapse", std::nullopt);

    add("P002", 0, std::nullopt, EventKind::kInfusion, "axi-cel", 2.0, "10^6 cells/kg");
    add("P002", 2, std::nullopt, EventKind::kTemp, "", 38.4, "C");
    add("P002", 3, std::nullopt, EventKind::kTemp, "", 37.0, "C");
    add("P002", 4, std::nullopt, EventKind::kTemp, "", 36.8, "C");
    add("P002", 300, std::nullopt, EventKind::kLastFollowup, "", std::nullopt);

    store::TransactionRequest request;
    request.events = std::move(ev);
    request.author = "fixture";
    request.source = "shell-test";
    auto tx = opened.value()->append(std::move(request));
    if (!tx.is_ok()) {
        error = tx.status().message();
        return false;
    }
    return true;
}

// A tmux session on a private server socket running `command`, for interactive tests.
class Tmux {
  public:
    Tmux(const std::string& command, const std::string& home, int width = 120, int height = 40)
        : socket_("dzshell-" + std::to_string(::getpid()) + "-" + std::to_string(++counter())) {
        tmux("new-session -d -x " + std::to_string(width) + " -y " + std::to_string(height) + " " +
             sh_quote("env HOME=" + sh_quote(home) + " TERM=xterm " + command));
    }
    ~Tmux() { tmux("kill-server"); }
    Tmux(const Tmux&) = delete;
    Tmux& operator=(const Tmux&) = delete;

    // tmux send-keys: literal text (-l) or key names such as Enter, C-c, Tab, Up.
    void type(const std::string& text) {
        // tmux reads a ';' ending an argument as a command separator unless escaped.
        std::string arg = sh_quote(text);
        if (!text.empty() && text.back() == ';')
            arg = sh_quote(text.substr(0, text.size() - 1) + "\\;");
        tmux("send-keys -l " + arg);
    }
    void keys(const std::string& names) { tmux("send-keys " + names); }

    // Appends every byte the program writes to the pane to `path` (tmux pipe-pane), including
    // lines that are drawn and erased before a screen capture could see them.
    void record(const std::string& path) {
        tmux("pipe-pane -o " + sh_quote("cat >> " + sh_quote(path)));
    }

    // The visible screen; with `escapes`, including the colour escape sequences.
    std::string screen(bool escapes = false) {
        TempDir io("tmux");
        tmux(std::string("capture-pane -p -J ") + (escapes ? "-e " : "") + "> " +
             sh_quote(io.str("screen")));
        return read_text(io.path() / "screen");
    }

    // Polls the screen until `needle` appears `occurrences` times (or about `seconds` pass);
    // returns the last screen.
    std::string wait_for(const std::string& needle, int occurrences = 1, int seconds = 10) {
        return wait_for_any({{needle, occurrences}}, seconds);
    }

    // Polls the screen until any one of `needles` appears its given number of times (or about
    // `seconds` pass); returns the last screen.
    std::string wait_for_any(const std::vector<std::pair<std::string, int>>& needles,
                             int seconds = 10) {
        std::string text;
        for (int i = 0; i < seconds * 20; ++i) {
            text = screen();
            for (const auto& [needle, occurrences] : needles) {
                int found = 0;
                for (size_t pos = text.find(needle); pos != std::string::npos;
                     pos = text.find(needle, pos + 1))
                    ++found;
                if (found >= occurrences) return text;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return text;
    }

    // True while the program in the pane is still running.
    bool alive() {
        return std::system(("tmux -L " + socket_ + " has-session 2>/dev/null").c_str()) == 0;
    }

  private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    void tmux(const std::string& args) {
        const std::string command = "tmux -L " + socket_ + " " + args + " 2>/dev/null";
        [[maybe_unused]] const int rc = std::system(command.c_str());
    }
    std::string socket_;
};

}  // namespace dayzero::shell::testing
