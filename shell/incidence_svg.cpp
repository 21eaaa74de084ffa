// The cumulative-incidence figure (`plot incidence relapse by toci to cif.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/figure_style.h"
#include "shell/model_figures.h"
#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr double kWidth = 760;
constexpr double kLeft = 150, kRight = 40, kTop = 60, kPlotHeight = 300;
constexpr double kRowStep = 18;

}  // namespace

std::string incidence_svg(const query::IncidenceCurves& data) {
    double last = 0.0;
    for (const auto& g : data.groups)
        last = std::max(last, g.curve.last_time);
    const TimeAxes axes = time_axes(kLeft, kTop, kWidth - kLeft - kRight, kPlotHeight, last);
    auto x = [&](double t) { return axes.x(t); };
    auto y = [&](double p) { return axes.y(p); };

    const std::string title =
        "Cumulative incidence of " +
        std::string(data.event == "relapse" ? "relapse" : "non-relapse mortality") +
        (data.by.empty() ? "" : " by " + data.by);
    SvgWriter svg(kWidth, 400);
    svg.comment("dayzero cumulative-incidence figure: " + title);
    svg.text(kLeft, 28, title, "start", "font-size=\"15\" font-weight=\"bold\"");
    svg.text(kLeft, 46, "competing event: " + data.competing, "start",
             "font-size=\"11\" fill=\"#6b7280\"");

    draw_time_axes(svg, axes, "Cumulative incidence");

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
        svg.text(kLeft + 8, kTop + 14, "Gray's test p = " + query::format_p_value(*data.gray_p),
                 "start", "font-size=\"11\"");
    }
    svg.open_group("class=\"legend-box\"");
    const double legend_top = y(0) + 62;
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& group = data.groups[gi];
        const double ly = legend_top + kRowStep * static_cast<double>(gi);
        svg.line(kLeft, ly - 4, kLeft + 20, ly - 4, group_color(gi),
                 group_stroke(gi, "class=\"legend-sample\""));
        svg.text(kLeft + 25, ly,
                 group.label + " (n = " + std::to_string(group.curve.n) + ", " +
                     std::to_string(group.curve.events) + " " + data.event + ", " +
                     std::to_string(group.curve.competing) + " competing)",
                 "start", "font-size=\"11\" class=\"legend\"");
    }
    svg.close_group();
    svg.set_height(legend_top + kRowStep * static_cast<double>(data.groups.size()) + 12);
    return svg.finish();
}

}  // namespace dayzero::shell
