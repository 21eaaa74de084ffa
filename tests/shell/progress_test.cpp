// The progress line's drawing rules, with a fake clock and a sink that records every write.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shell/progress_line.h"
#include "shell/text_width.h"

using dayzero::shell::ProgressLine;
using namespace std::chrono_literals;

namespace {

struct FakeTerminal {
    ProgressLine::Clock::time_point now{};
    std::vector<std::string> writes;

    ProgressLine line(int width = 100, bool color = false) {
        return ProgressLine(
            "reading patients", [this](std::string_view bytes) { writes.emplace_back(bytes); },
            [this] { return now; }, width, color);
    }
};

const std::string kErase = "\r\x1b[K";

}  // namespace

TEST_CASE("progress text: counts with thousands separators and the Ctrl-C hint") {
    using dayzero::shell::progress_text;
    CHECK(progress_text("reading patients", 4200, 10000, 0) ==
          "⠋ reading patients 4,200 / 10,000  (Ctrl-C to cancel)");
    CHECK(progress_text("reading patients", 1234567, 0, 1) ==
          "⠙ reading patients 1,234,567  (Ctrl-C to cancel)");
    CHECK(progress_text("x", 0, 5, 10) == "⠋ x 0 / 5  (Ctrl-C to cancel)");  // frames cycle
    CHECK(dayzero::shell::with_thousands(0) == "0");
    CHECK(dayzero::shell::with_thousands(999) == "999");
    CHECK(dayzero::shell::with_thousands(1000) == "1,000");
    CHECK(dayzero::shell::with_thousands(18446744073709551615ull) == "18,446,744,073,709,551,615");
}

TEST_CASE("progress line: quick work never draws anything") {
    FakeTerminal term;
    {
        ProgressLine line = term.line();
        for (int i = 0; i < 100; ++i) {
            term.now += 2ms;  // 200 ms in all: below the first-draw delay
            line.update(static_cast<uint64_t>(i), 100);
        }
        line.finish();
    }
    CHECK(term.writes.empty());
}

TEST_CASE("progress line: drawn after the delay, at most ten times a second, then erased") {
    FakeTerminal term;
    ProgressLine line = term.line();
    uint64_t done = 0;
    while (term.now < ProgressLine::Clock::time_point{} + 299ms) {
        term.now += 1ms;
        line.update(++done, 10000);
    }
    CHECK(term.writes.empty());
    term.now += 1ms;
    line.update(4200, 10000);
    REQUIRE(term.writes.size() == 1);
    CHECK(term.writes[0] == kErase + "⠋ reading patients 4,200 / 10,000  (Ctrl-C to cancel)");
    CHECK(line.shown());
    // Two more seconds of reports every millisecond: at most 10 redraws per second.
    for (int i = 0; i < 2000; ++i) {
        term.now += 1ms;
        line.update(4200 + static_cast<uint64_t>(i), 10000);
    }
    CHECK(term.writes.size() >= 2 + 1);  // it does keep moving
    CHECK(term.writes.size() <= 20 + 1);
    for (const std::string& w : term.writes) {
        CHECK(w.rfind(kErase, 0) == 0);            // every frame redraws the same line
        CHECK(w.find('\n') == std::string::npos);  // and never scrolls
    }
    CHECK(term.writes[1].find("⠙ reading patients") != std::string::npos);  // the spinner turns
    line.finish();
    CHECK(term.writes.back() == kErase);
    CHECK_FALSE(line.shown());
    const size_t writes = term.writes.size();
    term.now += 1s;
    line.update(9999, 10000);  // after finish: nothing
    line.finish();
    CHECK(term.writes.size() == writes);
}

TEST_CASE("progress line: cut to the terminal width so it never wraps") {
    FakeTerminal term;
    ProgressLine line = term.line(24);
    term.now += 1s;
    line.update(4200, 10000);
    REQUIRE(term.writes.size() == 1);
    const std::string text = term.writes[0].substr(kErase.size());
    CHECK(dayzero::shell::display_width(text) <= 23);
    CHECK(text.rfind("⠋ reading patients", 0) == 0);
}

TEST_CASE("progress line: colour only when asked for") {
    FakeTerminal plain;
    {
        ProgressLine line = plain.line(100, false);
        plain.now += 1s;
        line.update(1, 2);
    }
    REQUIRE(plain.writes.size() == 2);  // the frame, then the erase on destruction
    CHECK(plain.writes[0].find("\x1b[3") == std::string::npos);
    CHECK(plain.writes[1] == kErase);

    FakeTerminal colored;
    ProgressLine line = colored.line(100, true);
    colored.now += 1s;
    line.update(1, 2);
    REQUIRE(colored.writes.size() == 1);
    CHECK(colored.writes[0] ==
          kErase + "\x1b[36m⠋\x1b[0m reading patients 1 / 2  (Ctrl-C to cancel)");
}
