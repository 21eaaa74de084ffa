#include "importers/progress_meter.h"

#include <unistd.h>

namespace dayzero::importers {

ProgressMeter::ProgressMeter(std::FILE* out, bool enabled, std::string label, uint64_t total)
    : out_(out), enabled_(enabled && out != nullptr), label_(std::move(label)), total_(total) {}

bool ProgressMeter::is_terminal(std::FILE* stream) {
    return stream != nullptr && ::isatty(::fileno(stream)) == 1;
}

void ProgressMeter::update(uint64_t rows, uint64_t bytes) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(250)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction =
        total_ > 0 ? static_cast<double>(bytes) / static_cast<double>(total_) : 0;
    const double rate = elapsed > 0 ? static_cast<double>(rows) / elapsed : 0;
    const double eta = fraction > 0.001 ? elapsed * (1.0 - fraction) / fraction : 0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r%s [%s] %3.0f%%  %llu rows  %.0f rows/s  ETA %.0f s   ", label_.c_str(),
                 bar.c_str(), fraction * 100.0, static_cast<unsigned long long>(rows), rate, eta);
    std::fflush(out_);
    drawn_ = true;
}

void ProgressMeter::finish() {
    if (!drawn_) return;
    std::fprintf(out_, "\r%*s\r", 100, "");
    std::fflush(out_);
    drawn_ = false;
}

}  // namespace dayzero::importers
