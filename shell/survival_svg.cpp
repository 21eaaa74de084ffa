// The Kaplan–Meier figure (`plot survival os by toci to km.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/figure_style.h"
#include "shell/svg_figures.h"
#include "shell/svg_writer.h"
#include "shell/terminal_chart.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr double kWidth = 760;
constexpr double kLeft = 150, kRight = 40, kTop = 60, kPlotHeight = 300;
constexpr double kRowStep = 18;        // legend and at-risk rows
constexpr size_t kLegendInside = 4;    // groups whose legend fits inside the plot
constexpr int kAtRiskLabelChars = 22;  // at-risk labels stop before the first count (x = kLeft)

}  // namespace

std::string survival_svg(const SurvivalData& data) {
    double last = 0.0;
    for (const auto& g : data.groups)
        last = std::max(last, last_time(g.fit));
    const TimeAxes axes = time_axes(kLeft, kTop, kWidth - kLeft - kRight, kPlotHeight, last);
    const double plot_w = axes.width;
    auto x = [&](double t) { return axes.x(t); };
    auto y = [&](double p) { return axes.y(p); };

    SvgWriter svg(kWidth, 400);
    const std::string endpoint =
        data.endpoint == "os" ? "Overall survival" : "Progression-free survival";
    svg.comment("dayzero Kaplan-Meier figure: " + endpoint +
                (data.by.empty() ? "" : " by " + data.by));
    svg.text(kLeft, 28, endpoint + (data.by.empty() ? "" : " by " + data.by), "start",
             "font-size=\"15\" font-weight=\"bold\"");

    draw_time_axes(svg, axes, "Survival probability");

    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const char* color = group_color(gi);
        // Step function: horizontal to each event time, then down to the new estimate.
        std::string points = SvgWriter::num(x(0)) + "," + SvgWriter::num(y(1));
        double s = 1.0;
        double last_t = 0.0;
        for (const auto& row : group.fit.rows) {
            points += " " + SvgWriter::num(x(row.time)) + "," + SvgWriter::num(y(s));
            s = row.surv;
            points += " " + SvgWriter::num(x(row.time)) + "," + SvgWriter::num(y(s));
            last_t = row.time;
        }
        if (last_t == 0.0 && group.fit.rows.empty())
            points += " " + SvgWriter::num(x(0)) + "," + SvgWriter::num(y(1));
        svg.polyline(points, color,
                     group_stroke(gi, "class=\"km-curve\" data-group=\"" +
                                          SvgWriter::escape(group.label) + "\""));
        for (const auto& row : group.fit.rows) {
            if (row.n_censor == 0) continue;
            svg.line(x(row.time), y(row.surv) - 5, x(row.time), y(row.surv) + 5, color,
                     "stroke-width=\"1.5\" class=\"censor\"");
        }
    }
    if (data.log_rank_p) {
        svg.text(kLeft + 8, y(0) - 10, "log-rank p = " + query::format_p_value(*data.log_rank_p),
                 "start", "font-size=\"11\"");
    }

    // A few groups fit in the plot's top-right corner; more would cover the curves, so their
    // legend goes under the time axis instead.
    const bool legend_inside = data.groups.size() <= kLegendInside;
    const double legend_x = legend_inside ? kLeft + plot_w - 210 : kLeft;
    const double legend_top = legend_inside ? kTop + 14 : y(0) + 62;
    svg.open_group("class=\"legend-box\"");
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const double ly = legend_top + kRowStep * static_cast<double>(gi);
        svg.line(legend_x, ly - 4, legend_x + 20, ly - 4, group_color(gi),
                 group_stroke(gi, "class=\"legend-sample\""));
        const auto median = stats::survival_median(group.fit);
        const std::string text =
            group.label + " (n = " + std::to_string(group.fit.n) + ", median " +
            (median.estimate ? SvgWriter::num(*median.estimate) + " mo" : "not reached") + ")";
        svg.text(legend_x + 25, ly, text, "start", "font-size=\"11\" class=\"legend\"");
    }
    svg.close_group();

    // Numbers at risk under the axis (and the legend), one row per group, at every tick.
    const double table_top =
        legend_inside ? y(0) + 62
                      : legend_top + kRowStep * static_cast<double>(data.groups.size()) + 12;
    svg.open_group("class=\"at-risk\"");
    svg.text(10, table_top, "Number at risk", "start", "font-weight=\"bold\" font-size=\"11\"");
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const double row_y = table_top + kRowStep * static_cast<double>(gi + 1);
        svg.text(10, row_y, truncate_to_width(group.label, kAtRiskLabelChars), "start",
                 std::string("font-size=\"11\" class=\"at-risk-label\" fill=\"") + group_color(gi) +
                     "\"");
        for (double t = 0; t <= axes.t_max + 1e-9; t += axes.step)
            svg.text(x(t), row_y, std::to_string(at_risk(group.fit, t)), "middle",
                     "font-size=\"11\" class=\"n-risk\"");
    }
    svg.close_group();
    double bottom = table_top + kRowStep * static_cast<double>(data.groups.size()) + 16;
    if (!data.note.empty()) {
        svg.text(10, bottom, data.note, "start", "font-size=\"10\" fill=\"#6b7280\"");
        bottom += 14;
    }
    svg.set_height(bottom + 8);
    return svg.finish();
}

}  // namespace dayzero::shell
