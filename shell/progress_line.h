#pragma once
// ProgressLine: the one line "⠋ reading patients 4,200 / 10,000  (Ctrl-C to cancel)" that the
// interactive shell shows on stderr while long work runs. It is drawn only after the work has
// taken a moment (quick statements never flash it), redrawn at most ten times a second, and
// erased when the work ends, so the screen after a statement looks as if it had never been there.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dayzero::shell {

class ProgressLine {
  public:
    using Clock = std::chrono::steady_clock;
    using NowFn = std::function<Clock::time_point()>;
    using SinkFn = std::function<void(std::string_view bytes)>;

    // No line before `kFirstDraw` has passed; then at most one redraw per `kRedraw`.
    static constexpr std::chrono::milliseconds kFirstDraw{300};
    static constexpr std::chrono::milliseconds kRedraw{100};

    // Draws "LABEL done / total" through `sink` (raw bytes for a terminal), timed by `now`;
    // the line is cut to `width` - 1 columns so it never wraps; `color` tints the spinner.
    ProgressLine(std::string label, SinkFn sink, NowFn now, int width, bool color);
    ~ProgressLine() { finish(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Reports `done` of `total` units (total 0 = unknown); redraws when it is time to.
    void update(uint64_t done, uint64_t total);

    // Erases the line if it was drawn; later updates draw nothing.
    void finish();

    // True while a line is on the screen.
    bool shown() const { return shown_; }

  private:
    std::string label_;
    SinkFn sink_;
    NowFn now_;
    int width_;
    bool color_;
    Clock::time_point start_;
    Clock::time_point last_draw_{};
    bool shown_ = false;
    bool finished_ = false;
    int frame_ = 0;
};

// The text of one frame, without control codes: spinner `frame`, label, counts with thousands
// separators ("4,200 / 10,000", or "4,200" when total is 0) and the Ctrl-C hint.
std::string progress_text(std::string_view label, uint64_t done, uint64_t total, int frame);

// `n` with ',' between groups of three digits ("1,329,959").
std::string with_thousands(uint64_t n);

}  // namespace dayzero::shell
