// The forest plot of a Cox or logistic model (`plot forest cox os on ... to forest.svg`).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "shell/model_figures.h"
#include "shell/svg_writer.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr double kWidth = 760;
constexpr double kLabelWidth = 230, kPlotWidth = 300, kTop = 70, kRowHeight = 24;
constexpr int kLabelChars = 34;
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

std::string forest_svg(const query::ModelFigure& model) {
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
    const double left = kLabelWidth;
    auto x = [&](double ratio) {
        const double l = std::clamp(std::log10(std::max(ratio, 1e-300)), log_low, log_low + span);
        return left + (l - log_low) / span * kPlotWidth;
    };
    const double bottom_of_rows = kTop + kRowHeight * static_cast<double>(model.rows.size());

    SvgWriter svg(kWidth, 400);
    svg.comment("dayzero forest plot: " + model.title);
    svg.text(10, 28, model.title, "start", "font-size=\"15\" font-weight=\"bold\"");
    svg.text(10, 46,
             "n = " + std::to_string(model.n) + ", events = " + std::to_string(model.events) +
                 "; " + model.interval,
             "start", "font-size=\"11\" fill=\"#6b7280\"");
    svg.text(left + kPlotWidth + 16, kTop - 10, model.ratio_name + " (95% CI)", "start",
             "font-size=\"11\" font-weight=\"bold\"");
    svg.text(kWidth - 14, kTop - 10, "p", "end", "font-size=\"11\" font-weight=\"bold\"");

    svg.open_group("class=\"axes\"");
    for (double d = log_low; d <= log_low + span + 1e-9; d += 1.0) {
        for (double m : {1.0, 2.0, 5.0}) {
            const double v = m * std::pow(10.0, d);
            if (std::log10(v) > log_low + span + 1e-9) break;
            svg.line(x(v), kTop - 4, x(v), bottom_of_rows, m == 1.0 ? "#e5e7eb" : "#f3f4f6");
            svg.line(x(v), bottom_of_rows, x(v), bottom_of_rows + 4, "#374151");
            svg.text(x(v), bottom_of_rows + 16, SvgWriter::num(v), "middle", "font-size=\"10\"");
        }
    }
    svg.line(left, bottom_of_rows, left + kPlotWidth, bottom_of_rows, "#374151");
    svg.line(x(1.0), kTop - 4, x(1.0), bottom_of_rows, "#374151", "class=\"no-effect\"");
    svg.text(left + kPlotWidth / 2, bottom_of_rows + 34, model.ratio_name + " (log scale)",
             "middle");
    svg.close_group();

    svg.open_group("class=\"estimates\"");
    for (size_t i = 0; i < model.rows.size(); ++i) {
        const auto& row = model.rows[i];
        const double cy = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
        svg.text(10, cy + 4, truncate_to_width(row.label, kLabelChars), "start",
                 "font-size=\"11\" class=\"term\"");
        svg.text(left + kPlotWidth + 16, cy + 4, estimate_text(row), "start",
                 "font-size=\"11\" class=\"estimate\"");
        if (row.p && !row.may_be_infinite) {
            svg.text(kWidth - 14, cy + 4, query::format_p_value(*row.p), "end",
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
