#pragma once
// The look the SVG figures share: fonts, group colours and dash patterns, time axes, legends,
// and the titles and labels a plot statement may set. Every layout is computed from measured
// text (figure_text.h), so nothing is clipped whatever the labels say.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dayzero::shell {

class SvgWriter;

// Font sizes (px) of the figures' text.
inline constexpr double kTitleSize = 15;  // bold
inline constexpr double kLabelSize = 12;  // axis labels (the SVG root's size)
inline constexpr double kSmallSize = 11;  // legends, numbers at risk, p-values
inline constexpr double kTickSize = 10;   // tick labels, notes

// What the plot statement sets (`title '…' xlabel '…' ylabel '…' with ci`); empty = default.
struct FigureText {
    std::string title;
    std::string xlabel;
    std::string ylabel;
    bool ci = false;  // draw each curve's 95 % confidence band
};

// The plot area of a figure over time (months) against a probability from 0 to 1.
struct TimeAxes {
    double left = 0, top = 0, width = 0, height = 0;  // the plot area
    double t_max = 1, step = 1;                       // the time range and its tick step

    double x(double t) const { return left + t / t_max * width; }
    double y(double p) const { return top + (1.0 - p) * height; }
};

// Time axes ending at the data's last time (ticks every `step` up to it).
TimeAxes time_axes(double left, double top, double width, double height, double last_time);

// Room left of the plot area for the 0–1 tick labels and the rotated y-axis label.
double probability_axis_margin();

// Draws the grid, the 0–1 axis labelled `y_label`, and the month ticks labelled `x_label`.
void draw_time_axes(SvgWriter& svg, const TimeAxes& axes, std::string_view y_label,
                    std::string_view x_label);

// One step of a curve's 95 % band: from `time` until the next step, between `lower` and
// `upper` (no band where either is missing, as R gives none there).
struct BandStep {
    double time = 0;
    double estimate = 0;
    std::optional<double> lower, upper;
};

// Draws a step curve's band as filled steps, one polygon per run of steps with both limits;
// `start` is the curve's value at time 0 (1 for survival, 0 for incidence).
void draw_step_band(SvgWriter& svg, const TimeAxes& axes, const std::vector<BandStep>& steps,
                    double start, const char* color);

// Group `gi`'s colour (eight that stay apart for colour-blind readers, then repeating).
const char* group_color(size_t gi);

// The stroke attributes of group `gi`'s curve and legend sample: width and a dash pattern of
// its own for each of the first eight groups (curves differ even printed in grey), then
// `extra`.
std::string group_stroke(size_t gi, std::string_view extra);

// A tick step giving about 5–10 ticks over [0, t_max] months.
double tick_step(double t_max);

// The widest of `texts` in px at `size`.
double widest_text(const std::vector<std::string>& texts, double size, bool bold = false);

// `text` broken at spaces into lines no wider than `max_width` px (a word wider than that
// stands on its own line).
std::vector<std::string> wrap_text(std::string_view text, double size, double max_width,
                                   bool bold = false);

// The widest single word of `text` (the narrowest a wrapped `text` can be).
double widest_word_px(std::string_view text, double size, bool bold = false);

// Lines of text at `size` from baseline `y`, each `step` below the last; returns the y after.
double draw_lines(SvgWriter& svg, double x, double y, const std::vector<std::string>& lines,
                  double size, double step, std::string_view extra);

// A legend: one row per entry (a sample of the group's stroke, then its text) from baseline
// `top`; returns the y below it.
double draw_legend(SvgWriter& svg, double x, double top, const std::vector<std::string>& entries);

// The width a legend of `entries` needs.
double legend_width(const std::vector<std::string>& entries);

// Row height of legends and at-risk tables.
inline constexpr double kLegendRow = 18;

}  // namespace dayzero::shell
