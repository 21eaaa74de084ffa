#include "shell/figure_style.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "shell/figure_text.h"
#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr const char* kColors[] = {"#2563eb", "#dc2626", "#16a34a", "#9333ea",
                                   "#ea580c", "#0891b2", "#a16207", "#4b5563"};
// Solid, long dash, dots, dash-dot, short dash, long dash-dot, dash-dot-dot, dash-three-dots.
constexpr const char* kDashes[] = {"",    "9 4",      "2 3",         "9 3 2 3",
                                   "4 4", "14 4 2 4", "9 3 2 3 2 3", "14 3 2 2 2 2 2 3"};
constexpr double kSampleWidth = 42;  // a legend's line sample, then a gap before its text

}  // namespace

const char* group_color(size_t gi) {
    return kColors[gi % std::size(kColors)];
}

std::string group_stroke(size_t gi, std::string_view extra) {
    std::string attributes = "stroke-width=\"2\"";
    // Past eight groups the dash shifts against the colour, so pairs stay distinct.
    const size_t dash_index = (gi + gi / std::size(kColors)) % std::size(kDashes);
    if (const char* dash = kDashes[dash_index]; dash[0] != '\0')
        attributes += std::string(" stroke-dasharray=\"") + dash + "\"";
    if (!extra.empty()) attributes.append(" ").append(extra);
    return attributes;
}

double tick_step(double t_max) {
    for (double step : {1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 36.0, 60.0}) {
        if (t_max / step <= 10) return step;
    }
    return 120.0;
}

TimeAxes time_axes(double left, double top, double width, double height, double last_time) {
    TimeAxes a{left, top, width, height, last_time > 0 ? last_time : 1.0, 1.0};
    a.step = tick_step(a.t_max);
    return a;
}

double probability_axis_margin() {
    const TextExtent label = measure_text("Probability", kLabelSize);
    return 6 + text_width("0.00", kTickSize) + 10 + label.ascent + label.descent + 6;
}

void draw_time_axes(SvgWriter& svg, const TimeAxes& a, std::string_view y_label,
                    std::string_view x_label) {
    svg.open_group("class=\"axes\"");
    for (int i = 0; i <= 4; ++i) {
        const double p = i / 4.0;
        svg.line(a.left, a.y(p), a.left + a.width, a.y(p), "#e5e7eb");
        char label[16];
        std::snprintf(label, sizeof label, "%.2f", p);
        svg.text(a.left - 6, a.y(p) + 4, label, "end", "font-size=\"10\"");
    }
    svg.line(a.left, a.y(0), a.left + a.width, a.y(0), "#374151");
    svg.line(a.left, a.y(0), a.left, a.y(1), "#374151");
    for (double t = 0; t <= a.t_max + 1e-9; t += a.step) {
        svg.line(a.x(t), a.y(0), a.x(t), a.y(0) + 4, "#374151");
        svg.text(a.x(t), a.y(0) + 16, SvgWriter::num(t), "middle", "font-size=\"10\"");
    }
    svg.text(a.left + a.width / 2, a.y(0) + 34, x_label, "middle");
    // The rotated label's baseline sits right of its ascent, clear of the tick labels.
    const TextExtent label = measure_text("Probability", kLabelSize);
    const double label_x = a.left - 6 - text_width("0.00", kTickSize) - 10 - label.descent;
    svg.text(label_x, a.top + a.height / 2, y_label, "middle",
             "transform=\"rotate(-90 " + SvgWriter::num(label_x) + " " +
                 SvgWriter::num(a.top + a.height / 2) + ")\"");
    svg.close_group();
}

double widest_text(const std::vector<std::string>& texts, double size, bool bold) {
    double widest = 0;
    for (const auto& text : texts)
        widest = std::max(widest, text_width(text, size, bold));
    return widest;
}

std::vector<std::string> wrap_text(std::string_view text, double size, double max_width,
                                   bool bold) {
    std::vector<std::string> lines;
    std::string line;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = std::min(text.find(' ', pos), text.size());
        const std::string word(text.substr(pos, end - pos));
        pos = end + 1;
        if (word.empty()) continue;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (!line.empty() && text_width(joined, size, bold) > max_width) {
            lines.push_back(line);
            line = word;
        } else {
            line = joined;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

double widest_word_px(std::string_view text, double size, bool bold) {
    double widest = 0;
    for (size_t pos = 0; pos < text.size();) {
        const size_t end = std::min(text.find(' ', pos), text.size());
        widest = std::max(widest, text_width(text.substr(pos, end - pos), size, bold));
        pos = end + 1;
    }
    return widest;
}

double draw_lines(SvgWriter& svg, double x, double y, const std::vector<std::string>& lines,
                  double size, double step, std::string_view extra) {
    for (const auto& line : lines) {
        svg.text(x, y, line, "start",
                 "font-size=\"" + SvgWriter::num(size) + "\"" +
                     (extra.empty() ? "" : " " + std::string(extra)));
        y += step;
    }
    return y;
}

double legend_width(const std::vector<std::string>& entries) {
    return kSampleWidth + widest_text(entries, kSmallSize);
}

double draw_legend(SvgWriter& svg, double x, double top, const std::vector<std::string>& entries) {
    svg.open_group("class=\"legend-box\"");
    double y = top;
    for (size_t gi = 0; gi < entries.size(); ++gi) {
        svg.line(x, y - 4, x + kSampleWidth - 6, y - 4, group_color(gi),
                 group_stroke(gi, "class=\"legend-sample\""));
        svg.text(x + kSampleWidth, y, entries[gi], "start", "font-size=\"11\" class=\"legend\"");
        y += kLegendRow;
    }
    svg.close_group();
    return y;
}

void draw_step_band(SvgWriter& svg, const TimeAxes& axes, const std::vector<BandStep>& steps,
                    double start, const char* color) {
    std::vector<std::array<double, 4>> run;  // from, to, lower, upper
    auto flush = [&] {
        if (run.empty()) return;
        std::string upper, lower;
        for (const auto& [from, to, lo, hi] : run) {
            upper += SvgWriter::num(axes.x(from)) + "," + SvgWriter::num(axes.y(hi)) + " " +
                     SvgWriter::num(axes.x(to)) + "," + SvgWriter::num(axes.y(hi)) + " ";
        }
        for (auto it = run.rbegin(); it != run.rend(); ++it) {
            const auto& [from, to, lo, hi] = *it;
            lower += SvgWriter::num(axes.x(to)) + "," + SvgWriter::num(axes.y(lo)) + " " +
                     SvgWriter::num(axes.x(from)) + "," + SvgWriter::num(axes.y(lo)) + " ";
        }
        lower.pop_back();
        svg.polygon(upper + lower, color, "fill-opacity=\"0.15\" class=\"ci-band\"");
        run.clear();
    };
    double from = 0, lo = start, hi = start;
    for (const auto& step : steps) {
        if (step.time > from) run.push_back({from, step.time, lo, hi});
        if (!step.lower || !step.upper) {
            flush();
            from = step.time;
            lo = hi = step.estimate;
            continue;
        }
        from = step.time;
        lo = *step.lower;
        hi = *step.upper;
    }
    flush();
}

}  // namespace dayzero::shell
