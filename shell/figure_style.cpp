#include "shell/figure_style.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr const char* kColors[] = {"#2563eb", "#dc2626", "#16a34a", "#9333ea",
                                   "#ea580c", "#0891b2", "#a16207", "#4b5563"};
constexpr const char* kDashes[] = {"", "7 4", "2 3"};

}  // namespace

const char* group_color(size_t gi) {
    return kColors[gi % std::size(kColors)];
}

std::string group_stroke(size_t gi, std::string_view extra) {
    std::string attributes = "stroke-width=\"2\"";
    if (const char* dash = kDashes[gi % std::size(kDashes)]; dash[0] != '\0')
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
    TimeAxes a{left, top, width, height, std::max(last_time, 1.0), 1.0};
    a.step = tick_step(a.t_max);
    a.t_max = std::ceil(a.t_max / a.step) * a.step;
    return a;
}

void draw_time_axes(SvgWriter& svg, const TimeAxes& a, std::string_view y_label) {
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
    svg.text(a.left + a.width / 2, a.y(0) + 34, "Months since infusion", "middle");
    svg.text(a.left - 44, a.top + a.height / 2, y_label, "middle",
             "transform=\"rotate(-90 " + SvgWriter::num(a.left - 44) + " " +
                 SvgWriter::num(a.top + a.height / 2) + ")\"");
    svg.close_group();
}

}  // namespace dayzero::shell
