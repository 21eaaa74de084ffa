// The Kaplan–Meier figure (`plot survival os by toci to km.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/figure_style.h"
#include "shell/figure_text.h"
#include "shell/svg_figures.h"
#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr double kMinWidth = 760, kMinPlotWidth = 420;
constexpr double kMargin = 10;  // between any text and the canvas edge
constexpr double kTop = 56, kPlotHeight = 300;

std::string legend_entry(const SurvivalGroup& group) {
    const auto median = stats::survival_median(group.fit);
    return group.label + " (n = " + std::to_string(group.fit.n) + ", median " +
           (median.estimate ? SvgWriter::num(*median.estimate) + " mo" : "not reached") + ")";
}

// The curve's 95 % band (the log-transformed S(t) interval of each row).
void draw_band(SvgWriter& svg, const TimeAxes& axes, const stats::KaplanMeierFit& fit,
               const char* color) {
    std::vector<BandStep> steps;
    for (const auto& row : fit.rows)
        steps.push_back({row.time, row.surv, row.lower, row.upper});
    draw_step_band(svg, axes, steps, 1.0, color);
}

}  // namespace

std::string survival_svg(const SurvivalData& data, const FigureText& text) {
    double last = 0.0;
    for (const auto& g : data.groups)
        last = std::max(last, last_time(g.fit));
    std::vector<std::string> labels, entries;
    for (const auto& g : data.groups) {
        labels.push_back(g.label);
        entries.push_back(legend_entry(g));
    }
    const std::string endpoint =
        data.endpoint == "os" ? "Overall survival" : "Progression-free survival";
    const std::string title =
        text.title.empty() ? endpoint + (data.by.empty() ? "" : " by " + data.by) : text.title;

    // Widths from the text: the at-risk labels sit left of the plot, with the counts centred on
    // the ticks (so half the widest count reaches left of the axis and right of the last tick).
    const double count_half = text_width("0000", kSmallSize) / 2;
    const double left = std::max({kMargin + probability_axis_margin(),
                                  kMargin + widest_text(labels, kSmallSize) + 10 + count_half,
                                  kMargin + text_width("Number at risk", kSmallSize, true) - 30});
    const double right = kMargin + std::max(count_half, text_width("000", kTickSize) / 2) + 4;
    double width = std::max(kMinWidth, left + kMinPlotWidth + right);
    // The legend starts under the plot's left edge, or further left when it would not fit.
    const double legend_w = legend_width(entries);
    double legend_x = left;
    if (legend_x + legend_w + kMargin > width)
        legend_x = std::max(kMargin, width - kMargin - legend_w);
    width = std::max({width, legend_x + legend_w + kMargin,
                      2 * kMargin + widest_word_px(title, kTitleSize, true)});
    const std::vector<std::string> title_lines =
        wrap_text(title, kTitleSize, width - 2 * kMargin, true);

    const double top = kTop + kLegendRow * static_cast<double>(title_lines.size() - 1);
    const std::string ylabel = text.ylabel.empty() ? "Survival probability" : text.ylabel;
    // A long y label makes the plot taller rather than run off the canvas.
    const double plot_height = std::max(kPlotHeight, text_width(ylabel, kLabelSize) + 10);
    const TimeAxes axes = time_axes(left, top, width - left - right, plot_height, last);
    auto x = [&](double t) { return axes.x(t); };
    auto y = [&](double p) { return axes.y(p); };

    SvgWriter svg(width, 400);
    svg.comment("dayzero Kaplan-Meier figure: " + title);
    draw_lines(
        svg, left + widest_text(title_lines, kTitleSize, true) <= width - kMargin ? left : kMargin,
        28, title_lines, kTitleSize, kLegendRow, "font-weight=\"bold\" class=\"title\"");

    draw_time_axes(svg, axes, ylabel, text.xlabel.empty() ? "Months since infusion" : text.xlabel);

    if (text.ci) {
        for (size_t gi = 0; gi < data.groups.size(); ++gi)
            draw_band(svg, axes, data.groups[gi].fit, group_color(gi));
    }
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const char* color = group_color(gi);
        // Step function: horizontal to each event time, then down to the new estimate.
        std::string points = SvgWriter::num(x(0)) + "," + SvgWriter::num(y(1));
        double s = 1.0;
        for (const auto& row : group.fit.rows) {
            points += " " + SvgWriter::num(x(row.time)) + "," + SvgWriter::num(y(s));
            s = row.surv;
            points += " " + SvgWriter::num(x(row.time)) + "," + SvgWriter::num(y(s));
        }
        if (group.fit.rows.empty())
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
        svg.text(left + 8, y(0) - 10, "log-rank p = " + query::format_p_value(*data.log_rank_p),
                 "start", "font-size=\"11\"");
    }

    // The legend under the axis label (inside the plot it would cover curves), then the
    // numbers at risk, one row per group, at every tick.
    const double legend_bottom = draw_legend(svg, legend_x, y(0) + 60, entries);
    const double table_top = legend_bottom + 12;
    svg.open_group("class=\"at-risk\"");
    svg.text(kMargin, table_top, "Number at risk", "start",
             "font-weight=\"bold\" font-size=\"11\"");
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const double row_y = table_top + kLegendRow * static_cast<double>(gi + 1);
        svg.text(kMargin, row_y, group.label, "start",
                 std::string("font-size=\"11\" class=\"at-risk-label\" fill=\"") + group_color(gi) +
                     "\"");
        for (double t = 0; t <= axes.t_max + 1e-9; t += axes.step)
            svg.text(x(t), row_y, std::to_string(at_risk(group.fit, t)), "middle",
                     "font-size=\"11\" class=\"n-risk\"");
    }
    svg.close_group();
    double bottom = table_top + kLegendRow * static_cast<double>(data.groups.size()) + 16;
    if (!data.note.empty())
        bottom =
            draw_lines(svg, kMargin, bottom, wrap_text(data.note, kTickSize, width - 2 * kMargin),
                       kTickSize, 13, "fill=\"#6b7280\"");
    svg.set_height(bottom + 8);
    return svg.finish();
}

}  // namespace dayzero::shell
