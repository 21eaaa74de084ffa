#include "shell/progress_line.h"

#include <array>

#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr std::array<std::string_view, 10> kSpinner = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                                       "⠴", "⠦", "⠧", "⠇", "⠏"};
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[0m";
// Carriage return, then erase to the end of the line: also wipes a "^C" the terminal echoed
// after the progress text.
constexpr std::string_view kEraseLine = "\r\x1b[K";

}  // namespace

std::string with_thousands(uint64_t n) {
    // Built right to left; GCC 12 misreports -Wrestrict on the obvious left-to-right append.
    std::string out;
    int group = 0;
    do {
        if (group == 3) {
            out.push_back(',');
            group = 0;
        }
        out.push_back(static_cast<char>('0' + n % 10));
        n /= 10;
        ++group;
    } while (n > 0);
    return {out.rbegin(), out.rend()};
}

std::string progress_text(std::string_view label, uint64_t done, uint64_t total, int frame) {
    std::string text(kSpinner[static_cast<size_t>(frame) % kSpinner.size()]);
    text.append(" ").append(label).append(" ").append(with_thousands(done));
    if (total > 0) text.append(" / ").append(with_thousands(total));
    return text.append("  (Ctrl-C to cancel)");
}

ProgressLine::ProgressLine(std::string label, SinkFn sink, NowFn now, int width, bool color)
    : label_(std::move(label)),
      sink_(std::move(sink)),
      now_(std::move(now)),
      width_(width),
      color_(color),
      start_(now_()) {}

void ProgressLine::update(uint64_t done, uint64_t total) {
    if (finished_) return;
    const Clock::time_point now = now_();
    if (!shown_ && now - start_ < kFirstDraw) return;
    if (shown_ && now - last_draw_ < kRedraw) return;
    last_draw_ = now;
    std::string text = progress_text(label_, done, total, frame_++);
    if (width_ > 1 && display_width(text) > width_ - 1) text = truncate_to_width(text, width_ - 1);
    std::string bytes(kEraseLine);
    const size_t spinner = kSpinner.front().size();  // the first code point, 3 bytes in UTF-8
    if (color_ && text.size() > spinner) {
        bytes.append(kCyan).append(text, 0, spinner).append(kReset).append(text, spinner);
    } else {
        bytes.append(text);
    }
    sink_(bytes);
    shown_ = true;
}

void ProgressLine::finish() {
    if (finished_) return;
    finished_ = true;
    if (!shown_) return;
    sink_(kEraseLine);
    shown_ = false;
}

}  // namespace dayzero::shell
