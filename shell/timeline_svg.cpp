// The case-report figure (`plot timeline P007 to p007.svg`).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "shell/figure_style.h"
#include "shell/figure_text.h"
#include "shell/svg_figures.h"
#include "shell/svg_writer.h"
#include "store/event.h"

namespace dayzero::shell {

namespace {

constexpr double kRight = 30;
// The day axis takes kDayWidth per day, within these bounds: the canvas follows the course.
constexpr double kDayWidth = 26, kMinAxisWidth = 520, kMaxAxisWidth = 1200;
constexpr double kMargin = 10;
constexpr double kTempHeight = 170;
constexpr double kRowHeight = 18;
constexpr double kLabPanelHeight = 110;
constexpr double kDoseLabelStep = 10;  // dose amounts stack in lines this far apart
constexpr const char* kGradeFill[] = {"#f2f2f2", "#fde68a", "#fbbf24",
                                      "#f97316", "#dc2626", "#111111"};
// Oxygen by the ASTCT hypoxia level it implies: 2 low-flow, 3 high-flow, 4 positive pressure.
constexpr const char* kOxygenFill[] = {"#dbeafe", "#dbeafe", "#93c5fd", "#3b82f6", "#1e3a8a"};
constexpr const char* kOxygenLevel[] = {"", "", "low-flow (grade 2)", "high-flow (grade 3)",
                                        "positive pressure (grade 4)"};
constexpr const char* kLineColors[] = {"#2563eb", "#16a34a", "#9333ea", "#ea580c",
                                       "#0891b2", "#be123c", "#4d7c0f", "#7c2d12"};

struct Axis {
    double t0 = 0, t1 = 1, left = 90;
    double width = 0;  // of the canvas
    double x(double t) const { return left + (t - t0) / (t1 - t0) * (width - left - kRight); }
};

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string clock(double t) {
    const double day_fraction = t - std::floor(t);
    return store::format_minute(
        static_cast<uint16_t>(std::min(1439.0, std::round(day_fraction * 1440.0))));
}

// A rotated label centred on a panel's height, left of its tick labels.
void panel_label(SvgWriter& svg, double top, double height, const std::string& label) {
    const double y = top + height / 2;
    svg.text(18, y, label, "middle",
             "transform=\"rotate(-90 18 " + SvgWriter::num(y) + ")\" class=\"panel-label\"");
}

void row_label(SvgWriter& svg, const Axis& axis, double top, const std::string& label) {
    svg.text(axis.left - 6, top + 13, label, "end", "font-size=\"10\"");
}

void temperature_panel(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    double lo = 36.0, hi = 40.0;
    for (const auto& r : data.temperatures) {
        lo = std::min(lo, std::floor(r.value));
        hi = std::max(hi, std::ceil(r.value));
    }
    const double right = axis.width - kRight;
    auto y = [&](double c) { return top + (hi - c) / (hi - lo) * kTempHeight; };
    svg.open_group("class=\"temperature\"");
    for (double c = lo; c <= hi + 1e-9; c += 1.0) {
        svg.line(axis.left, y(c), right, y(c), "#e5e7eb");
        svg.text(axis.left - 6, y(c) + 4, fixed1(c), "end", "font-size=\"10\"");
    }
    const double fever = data.definition.fever_threshold_c;
    svg.line(axis.left, y(fever), right, y(fever), "#dc2626",
             "stroke-dasharray=\"6 4\" class=\"fever-line\" data-celsius=\"" +
                 SvgWriter::num(fever) + "\"");
    svg.text(right - 2, y(fever) - 4, SvgWriter::num(fever) + " °C", "end",
             "fill=\"#dc2626\" font-size=\"10\"");
    std::string points;
    for (const auto& r : data.temperatures) {
        if (r.t < axis.t0 || r.t > axis.t1) continue;
        points += SvgWriter::num(axis.x(r.t)) + "," + SvgWriter::num(y(r.value)) + " ";
    }
    if (!points.empty()) {
        points.pop_back();
        svg.polyline(points, "#b91c1c", "stroke-width=\"1.5\" class=\"temperature-curve\"");
    }
    for (const auto& r : data.temperatures) {
        if (r.t < axis.t0 || r.t > axis.t1) continue;
        svg.circle(axis.x(r.t), y(r.value), 2.2, r.value >= fever ? "#b91c1c" : "#6b7280");
    }
    panel_label(svg, top, kTempHeight, "Temperature (°C)");
    svg.close_group();
}

// One day-by-day grade row: a cell per day with its grade written in it.
double grade_row(SvgWriter& svg, const Axis& axis, double top, const std::string& label,
                 const std::string& css, const std::map<int, int>& grades) {
    svg.open_group("class=\"" + css + "-band\"");
    row_label(svg, axis, top, label);
    for (const auto& [day, grade] : grades) {
        const double x0 = axis.x(day), x1 = axis.x(day + 1);
        svg.rect(x0, top, x1 - x0 - 1, kRowHeight, kGradeFill[std::clamp(grade, 0, 5)],
                 "class=\"" + css + "\" data-day=\"" + std::to_string(day) + "\" data-grade=\"" +
                     std::to_string(grade) + "\"");
        if (grade > 0) {
            svg.text((x0 + x1) / 2, top + 13, std::to_string(grade), "middle",
                     grade >= 4 ? "fill=\"white\" font-size=\"11\"" : "font-size=\"11\"");
        }
    }
    svg.close_group();
    return top + kRowHeight + 4;
}

double grade_bands(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    std::map<int, int> crs, icans;
    if (data.not_gradable.empty()) {
        for (const auto& g : data.grades)
            crs[g.day] = g.grade;
    } else {
        svg.text(axis.left + 4, top + 13, data.not_gradable, "start",
                 "class=\"not-gradable\" font-size=\"10\" fill=\"#6b7280\"");
    }
    top = grade_row(svg, axis, top, "CRS grade", "grade", crs);
    for (const auto& a : data.icans) {
        if (a.t < axis.t0 || a.t > axis.t1) continue;
        int& worst = icans[static_cast<int>(std::floor(a.t))];
        worst = std::max(worst, static_cast<int>(a.value));
    }
    return grade_row(svg, axis, top, "ICANS grade", "icans", icans) + 2;
}

double support_rows(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    svg.open_group("class=\"support\"");
    row_label(svg, axis, top, "Oxygen");
    for (const auto& span : data.oxygen) {
        const double x0 = axis.x(std::max(span.from, axis.t0)),
                     x1 = axis.x(std::min(span.to, axis.t1));
        const int level = std::clamp(span.level, 0, 4);
        svg.rect(x0, top + 2, x1 - x0, kRowHeight - 4, kOxygenFill[level],
                 "class=\"oxygen\" data-device=\"" + SvgWriter::escape(span.label) + "\"");
        // The device's name on its bar where it fits; the legend names every device anyway.
        if (text_width(span.label, 9) + 6 <= x1 - x0)
            svg.text(x0 + 3, top + 12, span.label, "start",
                     level >= 3 ? "font-size=\"9\" fill=\"white\"" : "font-size=\"9\"");
    }
    top += kRowHeight;
    std::set<std::string> drugs;
    for (const auto& span : data.vasopressors)
        drugs.insert(span.label);
    if (drugs.empty()) drugs.insert("");
    for (const auto& drug : drugs) {
        row_label(svg, axis, top, drug.empty() ? "Vasopressor" : drug);
        for (const auto& span : data.vasopressors) {
            if (span.label != drug) continue;
            const double x0 = axis.x(std::max(span.from, axis.t0));
            const double x1 = axis.x(std::min(span.to, axis.t1));
            svg.rect(x0, top + 2, x1 - x0, kRowHeight - 4, "#7c3aed", "class=\"vasopressor\"");
        }
        top += kRowHeight;
    }
    svg.close_group();
    return top + 4;
}

std::string triangle(double x, double y) {
    return SvgWriter::num(x - 5) + "," + SvgWriter::num(y) + " " + SvgWriter::num(x + 5) + "," +
           SvgWriter::num(y) + " " + SvgWriter::num(x) + "," + SvgWriter::num(y + 10);
}

std::string diamond(double x, double y) {
    return SvgWriter::num(x) + "," + SvgWriter::num(y) + " " + SvgWriter::num(x + 5) + "," +
           SvgWriter::num(y + 5) + " " + SvgWriter::num(x) + "," + SvgWriter::num(y + 10) + " " +
           SvgWriter::num(x - 5) + "," + SvgWriter::num(y + 5);
}

std::string amount_text(const DoseMark& dose, bool with_drug) {
    std::string text = with_drug ? dose.drug : "";
    if (dose.amount)
        text += (text.empty() ? "" : " ") + SvgWriter::num(*dose.amount) +
                (dose.unit.empty() ? "" : " " + dose.unit);
    return text;
}

// Doses of one drug and amount given within a day and a half of each other: one label for the
// run ("10 mg × 12"), so daily or more frequent doses do not bury the row in repeated text.
struct DoseRun {
    double from = 0, to = 0;
    std::string text;
    size_t count = 0;
};

std::vector<DoseRun> dose_runs(const std::vector<const DoseMark*>& doses, bool with_drug) {
    std::vector<DoseRun> runs;
    std::string last_text;
    for (const DoseMark* dose : doses) {
        const std::string text = amount_text(*dose, with_drug);
        if (text.empty()) continue;
        if (!runs.empty() && text == last_text && dose->t - runs.back().to <= 1.5) {
            runs.back().to = dose->t;
            ++runs.back().count;
            continue;
        }
        runs.push_back({dose->t, dose->t, text, 1});
        last_text = text;
    }
    return runs;
}

// One row for tocilizumab (▼), one for corticosteroids (◆): steroids are often given daily
// and would hide the tocilizumab doses on a shared row. Each run of doses has its amount under
// it, in as many lines as needed so that no two amounts overlap.
double dose_markers(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    svg.open_group("class=\"doses\"");
    for (const bool toci : {true, false}) {
        row_label(svg, axis, top, toci ? "Tocilizumab" : "Corticosteroid");
        std::set<std::string> drugs;
        std::vector<const DoseMark*> shown;
        for (const auto& dose : data.doses) {
            if (dose.tocilizumab != toci || dose.t < axis.t0 || dose.t > axis.t1) continue;
            drugs.insert(dose.drug);
            shown.push_back(&dose);
            const double x = axis.x(dose.t);
            if (toci)
                svg.polygon(triangle(x, top + 3), "#2563eb", "class=\"toci-marker\"");
            else
                svg.polygon(diamond(x, top + 3), "#9333ea", "class=\"steroid-marker\"");
        }
        std::vector<double> line_end;  // right edge of the last amount in each line
        for (const DoseRun& run : dose_runs(shown, drugs.size() > 1)) {
            const std::string text =
                run.count > 1 ? run.text + " × " + std::to_string(run.count) : run.text;
            const double w = text_width(text, 9);
            const double centre = (axis.x(run.from) + axis.x(run.to)) / 2;
            const double x0 = std::clamp(centre - w / 2, axis.left, axis.width - kMargin - w);
            size_t line = 0;
            while (line < line_end.size() && line_end[line] + 4 > x0)
                ++line;
            if (line == line_end.size()) line_end.push_back(0);
            line_end[line] = x0 + w;
            svg.text(x0, top + 22 + kDoseLabelStep * static_cast<double>(line), text, "start",
                     "font-size=\"9\" fill=\"#374151\" class=\"dose-amount\"");
        }
        top += kRowHeight + kDoseLabelStep * static_cast<double>(line_end.size());
    }
    svg.close_group();
    return top + 10;
}

// Labs on log axes, one panel per unit, so that no two units share an axis.
double lab_panels(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    std::map<std::string, std::vector<std::string>> by_unit;  // unit -> codes
    for (const auto& [code, series] : data.cytokines)
        by_unit[series.unit].push_back(code);
    size_t color = 0;
    for (const auto& [unit, codes] : by_unit) {
        const std::string unit_text = unit.empty() ? "no unit" : unit;
        const std::string label = codes.size() == 1 ? codes.front() + " (" + unit_text + ")"
                                                    : "Level (" + unit_text + ")";
        // The rotated label must fit the panel's height.
        const double height = std::max(kLabPanelHeight, text_width(label, kLabelSize) + 12);
        // The panel's legend: codes in lines above it, as many lines as the codes need.
        std::vector<std::pair<double, int>> legend_at;  // x and line of each code
        double lx = axis.left + 4;
        int lines = 1;
        for (const auto& code : codes) {
            const double w = 13 + text_width(code, 10) + 12;
            if (lx > axis.left + 4 && lx + w > axis.width - kMargin) {
                lx = axis.left + 4;
                ++lines;
            }
            legend_at.push_back({lx, lines - 1});
            lx += w;
        }
        const double legend_top = top + 4;
        top += 4 + 14.0 * lines;
        double lo = 1e300, hi = 0;
        for (const auto& code : codes) {
            for (const auto& s : data.cytokines.at(code).samples) {
                lo = std::min(lo, s.value);
                hi = std::max(hi, s.value);
            }
        }
        const double d0 = std::floor(std::log10(lo));
        const double d1 = std::max(d0 + 1, std::ceil(std::log10(hi)));
        auto y = [&](double v) { return top + (d1 - std::log10(v)) / (d1 - d0) * height; };
        svg.open_group("class=\"lab-panel\" data-unit=\"" + SvgWriter::escape(unit) + "\"");
        for (double d = d0; d <= d1 + 1e-9; d += 1.0) {
            const double v = std::pow(10.0, d);
            svg.line(axis.left, y(v), axis.width - kRight, y(v), "#e5e7eb");
            svg.text(axis.left - 6, y(v) + 4,
                     d >= -2 && d <= 6 ? SvgWriter::num(v) : "1e" + SvgWriter::num(d), "end",
                     "font-size=\"10\"");
        }
        panel_label(svg, top, height, label);
        for (size_t ci = 0; ci < codes.size(); ++ci) {
            const std::string& code = codes[ci];
            const char* ink = kLineColors[color++ % std::size(kLineColors)];
            std::string points;
            for (const auto& s : data.cytokines.at(code).samples) {
                if (s.t < axis.t0 || s.t > axis.t1) continue;
                points += SvgWriter::num(axis.x(s.t)) + "," + SvgWriter::num(y(s.value)) + " ";
                svg.circle(axis.x(s.t), y(s.value), 2, ink);
            }
            if (!points.empty()) {
                points.pop_back();
                svg.polyline(points, ink,
                             "stroke-width=\"1.5\" class=\"cytokine\" data-code=\"" +
                                 SvgWriter::escape(code) + "\"");
            }
            const auto [legend_x, line] = legend_at[ci];
            const double baseline = legend_top + 10 + 14.0 * line;
            svg.rect(legend_x, baseline - 4, 10, 3, ink);
            svg.text(legend_x + 13, baseline, code, "start", "font-size=\"10\"");
        }
        svg.close_group();
        top += height + 8;
    }
    return top;
}

// The oxygen legend: one swatch per level drawn, with the devices that gave it.
double oxygen_legend(SvgWriter& svg, const Axis& axis, const TimelineData& data, double y) {
    std::map<int, std::set<std::string>> devices;
    for (const auto& span : data.oxygen)
        devices[std::clamp(span.level, 0, 4)].insert(span.label);
    if (devices.empty()) return y;
    svg.open_group("class=\"oxygen-legend\"");
    double x = axis.left;
    svg.text(x, y, "Oxygen:", "start", "font-size=\"10\" fill=\"#374151\"");
    x += text_width("Oxygen:", 10) + 8;
    for (const auto& [level, names] : devices) {
        std::string text = std::string(kOxygenLevel[level]) + " – ";
        bool first = true;
        for (const auto& name : names) {
            text += (first ? "" : ", ") + name;
            first = false;
        }
        const double w = 14 + text_width(text, 10) + 14;
        if (x + w > axis.width - kMargin) {
            x = axis.left;
            y += 14;
        }
        svg.rect(x, y - 9, 10, 10, kOxygenFill[level], "stroke=\"#6b7280\" stroke-width=\"0.5\"");
        svg.text(x + 14, y, text, "start", "font-size=\"10\" fill=\"#374151\"");
        x += w;
    }
    svg.close_group();
    return y + 16;
}

}  // namespace

std::string timeline_svg(const TimelineData& data, const std::string& title) {
    std::vector<std::string> row_labels = {"CRS grade",   "ICANS grade",    "Oxygen", "Vasopressor",
                                           "Tocilizumab", "Corticosteroid", "100000"};
    for (const auto& span : data.vasopressors)
        row_labels.push_back(span.label);
    Axis axis{static_cast<double>(data.day_from), static_cast<double>(data.day_to + 1),
              std::max(90.0, 36 + widest_text(row_labels, 10) + 8)};
    const std::string heading =
        title.empty() ? "Patient " + data.patient + ": temperature, CRS grade (ASTCT 2019" +
                            (data.definition.is_default() ? "" : ", modified") +
                            "), ICANS, support and treatment"
                      : title;
    // The canvas follows the course (kDayWidth a day) and is never narrower than a word of the
    // title; the other text wraps to it.
    const double days = axis.t1 - axis.t0;
    axis.width =
        std::max(axis.left + std::clamp(days * kDayWidth, kMinAxisWidth, kMaxAxisWidth) + kRight,
                 axis.left + widest_word_px(heading, kTitleSize, true) + kMargin);
    SvgWriter svg(axis.width, 400);  // height set once the panels are laid out
    svg.comment("dayzero case-report figure for patient " + data.patient);
    const std::vector<std::string> heading_lines =
        wrap_text(heading, kTitleSize, axis.width - kMargin - axis.left, true);
    double top = draw_lines(svg, axis.left, 24, heading_lines, kTitleSize, 18,
                            "font-weight=\"bold\" class=\"title\"");
    // A figure drawn from the past says so where the reader looks first.
    if (!data.as_of.empty()) {
        svg.text(axis.left, top, "as of " + data.as_of + " (not the current record)", "start",
                 "font-size=\"11\" fill=\"#b91c1c\" class=\"as-of\"");
        top += 14;
    }
    top += 4;
    const double panels_top = top;
    temperature_panel(svg, axis, data, top);
    top += kTempHeight + 12;
    top = grade_bands(svg, axis, data, top);
    top = support_rows(svg, axis, data, top);
    top = dose_markers(svg, axis, data, top);
    top = lab_panels(svg, axis, data, top);
    // Day axis shared by every panel, with the infusion marked across all of them at its time.
    const double axis_y = top + 8;
    svg.open_group("class=\"day-axis\"");
    svg.line(axis.left, axis_y, axis.width - kRight, axis_y, "#374151");
    const int span = data.day_to - data.day_from + 1;
    const int step = span <= 21 ? 1 : (span <= 42 ? 2 : 7);
    for (int d = data.day_from; d <= data.day_to; ++d) {
        const double x = axis.x(d + 0.5);
        if ((d - data.day_from) % step == 0 || d == 0) {
            svg.line(x, axis_y, x, axis_y + 4, "#374151");
            svg.text(x, axis_y + 16, std::to_string(d), "middle", "font-size=\"10\"");
        }
    }
    const double infusion_t = data.infusion ? data.infusion->t : 0.5;
    if (infusion_t >= axis.t0 && infusion_t <= axis.t1) {
        const double x = axis.x(infusion_t);
        svg.line(x, panels_top, x, axis_y, "#6b7280",
                 "stroke-dasharray=\"2 3\" class=\"infusion-line\"");
        const std::string label = "CAR-T " + (data.infusion ? clock(infusion_t) : "day 0");
        svg.text(x + 3, axis_y - 4, label, "start", "font-size=\"9\" fill=\"#6b7280\"");
    }
    svg.text((axis.left + axis.width - kRight) / 2, axis_y + 34, "Day post-infusion", "middle");
    svg.close_group();
    double y = axis_y + 52;
    std::string key = "▼ tocilizumab   ◆ corticosteroid (amount per dose; × doses within 1.5 days)";
    if (data.infusion) {
        key += "   ┆ CAR-T infusion: " + data.infusion_product;
        if (data.infusion->value > 0)
            key += " " + SvgWriter::num(data.infusion->value) + " " + data.infusion_unit;
        key += ", day 0 " + clock(data.infusion->t);
    }
    y = draw_lines(svg, axis.left, y, wrap_text(key, 10, axis.width - kMargin - axis.left), 10, 14,
                   "fill=\"#374151\"");
    y = oxygen_legend(svg, axis, data, y);
    // The grades depend on the definition in force: the figure says which one it used.
    svg.open_group("class=\"definition\"");
    y = draw_lines(svg, axis.left, y + 2,
                   wrap_text("CRS definition: " + data.definition.describe(), 9,
                             axis.width - kMargin - axis.left),
                   9, 12, "fill=\"#6b7280\"");
    svg.close_group();
    svg.set_height(y + 4);
    return svg.finish();
}

}  // namespace dayzero::shell
