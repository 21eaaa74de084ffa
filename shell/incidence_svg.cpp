// The cumulative-incidence figure (`plot incidence relapse by toci to cif.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/figure_style.h"
#include "shell/figure_text.h"
#include "shell/model_figures.h"
#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr double kMinWidth = 760, kMinPlotWidth = 420;
constexpr double kMargin = 10;
constexpr double kTop = 64, kPlotHeight = 300;

// The curve's 95 % band: cmprsk's variance on the log(-log) scale at each step (incidence_at).
void draw_band(SvgWriter& svg, const TimeAxes& axes, const stats::IncidenceCurve& curve,
               const char* color) {
    std::vector<BandStep> steps;
    for (const auto& step : curve.steps) {
        const auto at = stats::incidence_at(curve, step.time);
        steps.push_back({step.time, step.estimate, at ? at->lower : std::nullopt,
                         at ? at->upper : std::nullopt});
    }
    draw_step_band(svg, axes, steps, 0.0, color);
}

}  // namespace

std::string incidence_svg(const query::IncidenceCurves& data, const FigureText& text) {
    double last = 0.0;
    for (const auto& g : data.groups)
        last = std::max(last, g.curve.last_time);
    std::vector<std::string> entries;
    for (const auto& group : data.groups)
        entries.push_back(group.label + " (n = " + std::to_string(group.curve.n) + ", " +
                          std::to_string(group.curve.events) + " " + data.event + ", " +
                          std::to_string(group.curve.competing) + " competing)");
    const std::string title =
        text.title.empty()
            ? "Cumulative incidence of " +
                  std::string(data.event == "relapse" ? "relapse" : "non-relapse mortality") +
                  (data.by.empty() ? "" : " by " + data.by)
            : text.title;
    const std::string subtitle = "competing event: " + data.competing;

    const double left = kMargin + probability_axis_margin();
    const double right = kMargin + text_width("000", kTickSize) / 2 + 4;
    double width = std::max(kMinWidth, left + kMinPlotWidth + right);
    const double legend_w = legend_width(entries);
    double legend_x = left;
    if (legend_x + legend_w + kMargin > width)
        legend_x = std::max(kMargin, width - kMargin - legend_w);
    width = std::max(
        {width, legend_x + legend_w + kMargin, kMargin * 2 + text_width(subtitle, kSmallSize)});
    const std::vector<std::string> title_lines =
        wrap_text(title, kTitleSize, width - 2 * kMargin, true);
    const double title_x =
        left + widest_text(title_lines, kTitleSize, true) <= width - kMargin ? left : kMargin;
    const double top = kTop + kLegendRow * static_cast<double>(title_lines.size() - 1);
    const std::string ylabel = text.ylabel.empty() ? "Cumulative incidence" : text.ylabel;
    // A long y label makes the plot taller rather than run off the canvas.
    const double plot_height = std::max(kPlotHeight, text_width(ylabel, kLabelSize) + 10);
    const TimeAxes axes = time_axes(left, top, width - left - right, plot_height, last);
    auto x = [&](double t) { return axes.x(t); };
    auto y = [&](double p) { return axes.y(p); };

    SvgWriter svg(width, 400);
    svg.comment("dayzero cumulative-incidence figure: " + title);
    const double title_end = draw_lines(svg, title_x, 28, title_lines, kTitleSize, kLegendRow,
                                        "font-weight=\"bold\" class=\"title\"");
    svg.text(std::min(title_x, width - kMargin - text_width(subtitle, kSmallSize)), title_end,
             subtitle, "start", "font-size=\"11\" fill=\"#6b7280\"");

    draw_time_axes(svg, axes, ylabel, text.xlabel.empty() ? "Months since infusion" : text.xlabel);

    if (text.ci) {
        for (size_t gi = 0; gi < data.groups.size(); ++gi)
            draw_band(svg, axes, data.groups[gi].curve, group_color(gi));
    }
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        // Step function from 0: along to each event time, then up to the new estimate, and on
        // to the group's last follow-up.
        std::string points = SvgWriter::num(x(0)) + "," + SvgWriter::num(y(0));
        double f = 0.0;
        for (const auto& s : group.curve.steps) {
            points += " " + SvgWriter::num(x(s.time)) + "," + SvgWriter::num(y(f));
            f = s.estimate;
            points += " " + SvgWriter::num(x(s.time)) + "," + SvgWriter::num(y(f));
        }
        points += " " + SvgWriter::num(x(group.curve.last_time)) + "," + SvgWriter::num(y(f));
        svg.polyline(points, group_color(gi),
                     group_stroke(gi, "class=\"cif-curve\" data-group=\"" +
                                          SvgWriter::escape(group.label) + "\""));
    }
    if (data.gray_p) {
        svg.text(left + 8, axes.top + 14, "Gray's test p = " + query::format_p_value(*data.gray_p),
                 "start", "font-size=\"11\"");
    }
    const double bottom = draw_legend(svg, legend_x, y(0) + 60, entries);
    svg.set_height(bottom - kLegendRow + 18);
    return svg.finish();
}

}  // namespace dayzero::shell
