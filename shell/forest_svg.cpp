// The forest plot of a Cox or logistic model (`plot forest cox os on ... to forest.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/figure_text.h"
#include "shell/model_figures.h"
#include "shell/svg_writer.h"

namespace dayzero::shell {

namespace {

constexpr double kMinWidth = 480, kPlotWidth = 300, kTop = 70, kRowHeight = 24;
constexpr double kMargin = 10, kGap = 16;            // canvas edge; between columns
constexpr double kMinRatio = 1e-3, kMaxRatio = 1e3;  // the axis never spans more than this
constexpr const char* kInk = "#2563eb";

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// "2.02 (0.65–6.26)" or why there is no estimate.
std::string estimate_text(const query::ForestRow& row) {
    if (!row.ratio) return "not estimated (collinear)";
    if (row.may_be_infinite) return "infinite estimate";
    std::string text = fixed(*row.ratio, 2);
    if (row.lower && row.upper)
        text += " (" + fixed(*row.lower, 2) + "–" + fixed(*row.upper, 2) + ")";
    return text;
}

}  // namespace

std::string forest_svg(const query::ModelFigure& model, const FigureText& text) {
    // The axis: a log scale over every finite interval, widened to whole decades around 1.
    double low = 1.0, high = 1.0;
    for (const auto& row : model.rows) {
        if (row.may_be_infinite || !row.ratio) continue;
        for (const auto& v : {row.ratio, row.lower, row.upper}) {
            if (v && std::isfinite(*v) && *v > 0) {
                low = std::min(low, std::max(*v, kMinRatio));
                high = std::max(high, std::min(*v, kMaxRatio));
            }
        }
    }
    const double log_low = std::floor(std::log10(low) - 1e-9);
    const double log_high = std::ceil(std::log10(high) + 1e-9);
    const double span = std::max(log_high - log_low, 1.0);
    // Columns as wide as their widest text: terms, the axis, "ratio (CI)", p.
    std::vector<std::string> terms, estimates, ps;
    for (const auto& row : model.rows) {
        terms.push_back(row.label);
        estimates.push_back(estimate_text(row));
        ps.push_back(row.p && !row.may_be_infinite ? query::format_p_value(*row.p) : "");
    }
    const std::string estimate_header = model.ratio_name + " (95% CI)";
    const double left = kMargin + widest_text(terms, kSmallSize) + kGap + kGap / 2;
    const double estimate_x = left + kPlotWidth + kGap;
    const double estimate_w =
        std::max(widest_text(estimates, kSmallSize), text_width(estimate_header, kSmallSize, true));
    const double p_w = std::max(widest_text(ps, kSmallSize), text_width("p", kSmallSize, true));
    const std::string subtitle = "n = " + std::to_string(model.n) +
                                 ", events = " + std::to_string(model.events) + "; " +
                                 model.interval;
    const std::string axis_label =
        text.xlabel.empty() ? model.ratio_name + " (log scale)" : text.xlabel;
    const std::string title = text.title.empty() ? model.title : text.title;
    double width =
        std::max({kMinWidth, 2 * kMargin + widest_word_px(title, kTitleSize, true),
                  estimate_x + estimate_w + kGap + p_w + kMargin,
                  2 * kMargin + text_width(subtitle, kSmallSize),
                  left + kPlotWidth / 2 + text_width(axis_label, kLabelSize) / 2 + kMargin});
    const std::vector<std::string> title_lines =
        wrap_text(title, kTitleSize, width - 2 * kMargin, true);
    const double title_end = 28 + kRowHeight * 0.75 * static_cast<double>(title_lines.size() - 1);
    const double top = kTop + (title_end - 28);
    auto x = [&](double ratio) {
        const double l = std::clamp(std::log10(std::max(ratio, 1e-300)), log_low, log_low + span);
        return left + (l - log_low) / span * kPlotWidth;
    };
    const double bottom_of_rows = top + kRowHeight * static_cast<double>(model.rows.size());
    const double p_right = width - kMargin;

    SvgWriter svg(width, 400);
    svg.comment("dayzero forest plot: " + title);
    draw_lines(svg, kMargin, 28, title_lines, kTitleSize, kRowHeight * 0.75,
               "font-weight=\"bold\" class=\"title\"");
    svg.text(kMargin, title_end + 18, subtitle, "start", "font-size=\"11\" fill=\"#6b7280\"");
    svg.text(estimate_x, top - 10, estimate_header, "start",
             "font-size=\"11\" font-weight=\"bold\"");
    svg.text(p_right, top - 10, "p", "end", "font-size=\"11\" font-weight=\"bold\"");

    svg.open_group("class=\"axes\"");
    for (double d = log_low; d <= log_low + span + 1e-9; d += 1.0) {
        for (double m : {1.0, 2.0, 5.0}) {
            const double v = m * std::pow(10.0, d);
            if (std::log10(v) > log_low + span + 1e-9) break;
            svg.line(x(v), top - 4, x(v), bottom_of_rows, m == 1.0 ? "#e5e7eb" : "#f3f4f6");
            svg.line(x(v), bottom_of_rows, x(v), bottom_of_rows + 4, "#374151");
            svg.text(x(v), bottom_of_rows + 16, SvgWriter::num(v), "middle", "font-size=\"10\"");
        }
    }
    svg.line(left, bottom_of_rows, left + kPlotWidth, bottom_of_rows, "#374151");
    svg.line(x(1.0), top - 4, x(1.0), bottom_of_rows, "#374151", "class=\"no-effect\"");
    svg.text(left + kPlotWidth / 2, bottom_of_rows + 34, axis_label, "middle");
    svg.close_group();

    svg.open_group("class=\"estimates\"");
    for (size_t i = 0; i < model.rows.size(); ++i) {
        const auto& row = model.rows[i];
        const double cy = top + kRowHeight * (static_cast<double>(i) + 0.5);
        svg.text(kMargin, cy + 4, row.label, "start", "font-size=\"11\" class=\"term\"");
        svg.text(estimate_x, cy + 4, estimate_text(row), "start",
                 "font-size=\"11\" class=\"estimate\"");
        if (row.p && !row.may_be_infinite) {
            svg.text(p_right, cy + 4, query::format_p_value(*row.p), "end",
                     "font-size=\"11\" class=\"p\"");
        }
        if (!row.ratio) continue;
        if (row.may_be_infinite) {
            // No finite estimate: an arrow towards the side the estimate runs off to.
            const bool up = *row.ratio > 1.0;
            const double tip = up ? left + kPlotWidth : left;
            const double base = x(1.0);
            svg.line(base, cy, tip, cy, kInk, "stroke-dasharray=\"3 3\" class=\"infinite\"");
            const double d = up ? -7 : 7;
            svg.polygon(SvgWriter::num(tip) + "," + SvgWriter::num(cy) + " " +
                            SvgWriter::num(tip + d) + "," + SvgWriter::num(cy - 4) + " " +
                            SvgWriter::num(tip + d) + "," + SvgWriter::num(cy + 4),
                        kInk);
            continue;
        }
        if (row.lower && row.upper) {
            svg.line(x(*row.lower), cy, x(*row.upper), cy, kInk, "stroke-width=\"2\" class=\"ci\"");
        }
        svg.rect(x(*row.ratio) - 4, cy - 4, 8, 8, kInk, "class=\"ratio\"");
    }
    svg.close_group();
    svg.set_height(bottom_of_rows + 50);
    return svg.finish();
}

}  // namespace dayzero::shell
