#pragma once
// ProgressMeter: a one-line progress bar (percent, rows/s, ETA) for long imports on a terminal.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace dayzero::importers {

class ProgressMeter {
  public:
    // Draws on `out` only when `enabled` (the caller checks for a TTY and a large file).
    ProgressMeter(std::FILE* out, bool enabled, std::string label, uint64_t total_bytes);
    ~ProgressMeter() { finish(); }
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

    // Redraws at most a few times per second.
    void update(uint64_t rows, uint64_t bytes);
    // Erases the bar.
    void finish();

    // True when `stream` is a terminal.
    static bool is_terminal(std::FILE* stream);

  private:
    using Clock = std::chrono::steady_clock;
    std::FILE* out_;
    bool enabled_;
    bool drawn_ = false;
    std::string label_;
    uint64_t total_;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_draw_{};
};

}  // namespace dayzero::importers
