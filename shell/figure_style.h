#pragma once
// The look the SVG figures share: group colours and dash patterns, and time-axis ticks.

#include <string>
#include <string_view>

namespace dayzero::shell {

class SvgWriter;

// The plot area of a figure over time (months) against a probability from 0 to 1.
struct TimeAxes {
    double left = 0, top = 0, width = 0, height = 0;  // the plot area
    double t_max = 1, step = 1;                       // the time range and its tick step

    double x(double t) const { return left + t / t_max * width; }
    double y(double p) const { return top + (1.0 - p) * height; }
};

// Time axes over every group's last time: t_max rounded up to whole tick steps.
TimeAxes time_axes(double left, double top, double width, double height, double last_time);

// Draws the grid, the 0–1 axis labelled `y_label`, and the month ticks with their label.
void draw_time_axes(SvgWriter& svg, const TimeAxes& axes, std::string_view y_label);

// Group `gi`'s colour (eight that stay apart for colour-blind readers, then repeating).
const char* group_color(size_t gi);

// The stroke attributes of group `gi`'s curve and legend sample (width and dash pattern, so
// curves differ even when printed in grey), followed by `extra`.
std::string group_stroke(size_t gi, std::string_view extra);

// A tick step giving about 5–10 ticks over [0, t_max] months.
double tick_step(double t_max);

}  // namespace dayzero::shell
