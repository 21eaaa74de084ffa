// The case-report figure (`plot timeline P007 to p007.svg`).
#include <algorithm>
#include <cmath>
#include <set>

#include "shell/svg_figures.h"
#include "shell/svg_writer.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr double kWidth = 900;
constexpr double kLeft = 90;
constexpr double kRight = 30;
constexpr double kTempTop = 50, kTempHeight = 170;
constexpr double kRowHeight = 18;
constexpr double kCytokineHeight = 170;
constexpr int kNoteChars = 170;  // the definition footnote wraps at this many characters
constexpr const char* kGradeFill[] = {"#f2f2f2", "#fde68a", "#fbbf24",
                                      "#f97316", "#dc2626", "#111111"};
constexpr const char* kOxygenFill[] = {"#dbeafe", "#dbeafe", "#93c5fd", "#3b82f6", "#1e3a8a"};
constexpr const char* kLineColors[] = {"#2563eb", "#16a34a", "#9333ea", "#ea580c",
                                       "#0891b2", "#be123c", "#4d7c0f", "#7c2d12"};

struct Axis {
    double t0 = 0, t1 = 1;
    double x(double t) const { return kLeft + (t - t0) / (t1 - t0) * (kWidth - kLeft - kRight); }
};

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

void temperature_panel(SvgWriter& svg, const Axis& axis, const TimelineData& data) {
    double lo = 36.0, hi = 40.0;
    for (const auto& r : data.temperatures) {
        lo = std::min(lo, std::floor(r.value));
        hi = std::max(hi, std::ceil(r.value));
    }
    auto y = [&](double c) { return kTempTop + (hi - c) / (hi - lo) * kTempHeight; };
    svg.open_group("class=\"temperature\"");
    for (double c = lo; c <= hi + 1e-9; c += 1.0) {
        svg.line(kLeft, y(c), kWidth - kRight, y(c), "#e5e7eb");
        svg.text(kLeft - 6, y(c) + 4, fixed1(c), "end", "font-size=\"10\"");
    }
    const double fever = data.definition.fever_threshold_c;
    svg.line(kLeft, y(fever), kWidth - kRight, y(fever), "#dc2626",
             "stroke-dasharray=\"6 4\" class=\"fever-line\" data-celsius=\"" +
                 SvgWriter::num(fever) + "\"");
    svg.text(kWidth - kRight - 2, y(fever) - 4, SvgWriter::num(fever) + " °C", "end",
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
    svg.text(18, kTempTop + kTempHeight / 2, "Temperature (°C)", "middle",
             "transform=\"rotate(-90 18 " + SvgWriter::num(kTempTop + kTempHeight / 2) + ")\"");
    svg.close_group();
}

double grade_band(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    svg.open_group("class=\"grade-band\"");
    svg.text(kLeft - 6, top + 13, "CRS grade", "end", "font-size=\"10\"");
    for (const auto& g : data.grades) {
        const double x0 = axis.x(g.day), x1 = axis.x(g.day + 1);
        svg.rect(x0, top, x1 - x0 - 1, kRowHeight, kGradeFill[std::clamp(g.grade, 0, 5)],
                 "class=\"grade\" data-day=\"" + std::to_string(g.day) + "\" data-grade=\"" +
                     std::to_string(g.grade) + "\"");
        if (g.grade > 0) {
            svg.text((x0 + x1) / 2, top + 13, std::to_string(g.grade), "middle",
                     g.grade >= 4 ? "fill=\"white\" font-size=\"11\"" : "font-size=\"11\"");
        }
    }
    svg.close_group();
    return top + kRowHeight + 6;
}

double support_rows(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    svg.open_group("class=\"support\"");
    svg.text(kLeft - 6, top + 13, "Oxygen", "end", "font-size=\"10\"");
    for (const auto& span : data.oxygen) {
        const double x0 = axis.x(std::max(span.from, axis.t0)),
                     x1 = axis.x(std::min(span.to, axis.t1));
        svg.rect(x0, top + 2, x1 - x0, kRowHeight - 4, kOxygenFill[std::clamp(span.level, 0, 4)],
                 "class=\"oxygen\"");
        if (x1 - x0 > 50) svg.text(x0 + 3, top + 13, span.label, "start", "font-size=\"9\"");
    }
    top += kRowHeight;
    std::set<std::string> drugs;
    for (const auto& span : data.vasopressors)
        drugs.insert(span.label);
    if (drugs.empty()) drugs.insert("");
    for (const auto& drug : drugs) {
        svg.text(kLeft - 6, top + 13, drug.empty() ? "Vasopressor" : drug, "end",
                 "font-size=\"10\"");
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

// One row for tocilizumab (▼), one for corticosteroids (◆): steroids are often given daily
// and would hide the tocilizumab doses on a shared row.
double dose_markers(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    svg.open_group("class=\"doses\"");
    for (const bool toci : {true, false}) {
        svg.text(kLeft - 6, top + 13, toci ? "Tocilizumab" : "Corticosteroid", "end",
                 "font-size=\"10\"");
        for (const auto& dose : data.doses) {
            if (dose.tocilizumab != toci || dose.t < axis.t0 || dose.t > axis.t1) continue;
            const double x = axis.x(dose.t);
            if (toci)
                svg.polygon(triangle(x, top + 3), "#2563eb", "class=\"toci-marker\"");
            else
                svg.polygon(diamond(x, top + 3), "#9333ea", "class=\"steroid-marker\"");
        }
        top += kRowHeight;
    }
    svg.close_group();
    return top + 10;
}

double cytokine_panel(SvgWriter& svg, const Axis& axis, const TimelineData& data, double top) {
    if (data.cytokines.empty()) return top;
    double lo = 1e300, hi = 0;
    for (const auto& [code, samples] : data.cytokines) {
        for (const auto& s : samples) {
            lo = std::min(lo, s.value);
            hi = std::max(hi, s.value);
        }
    }
    const double d0 = std::floor(std::log10(lo)), d1 = std::max(d0 + 1, std::ceil(std::log10(hi)));
    auto y = [&](double v) { return top + (d1 - std::log10(v)) / (d1 - d0) * kCytokineHeight; };
    svg.open_group("class=\"cytokines\"");
    for (double d = d0; d <= d1 + 1e-9; d += 1.0) {
        const double v = std::pow(10.0, d);
        svg.line(kLeft, y(v), kWidth - kRight, y(v), "#e5e7eb");
        svg.text(kLeft - 6, y(v) + 4,
                 d >= 0 && d <= 6 ? SvgWriter::num(v) : "1e" + SvgWriter::num(d), "end",
                 "font-size=\"10\"");
    }
    svg.text(18, top + kCytokineHeight / 2, "Level (log scale)", "middle",
             "transform=\"rotate(-90 18 " + SvgWriter::num(top + kCytokineHeight / 2) + ")\"");
    size_t i = 0;
    double legend_x = kLeft + 4;
    for (const auto& [code, samples] : data.cytokines) {
        const char* color = kLineColors[i++ % std::size(kLineColors)];
        std::string points;
        for (const auto& s : samples) {
            if (s.t < axis.t0 || s.t > axis.t1) continue;
            points += SvgWriter::num(axis.x(s.t)) + "," + SvgWriter::num(y(s.value)) + " ";
            svg.circle(axis.x(s.t), y(s.value), 2, color);
        }
        if (!points.empty()) {
            points.pop_back();
            svg.polyline(points, color,
                         "stroke-width=\"1.5\" class=\"cytokine\" data-code=\"" +
                             SvgWriter::escape(code) + "\"");
        }
        svg.rect(legend_x, top - 12, 10, 3, color);
        svg.text(legend_x + 13, top - 8, code, "start", "font-size=\"10\"");
        legend_x += 20 + 7 * static_cast<double>(code.size());
    }
    svg.close_group();
    return top + kCytokineHeight;
}

}  // namespace

std::string timeline_svg(const TimelineData& data) {
    Axis axis{static_cast<double>(data.day_from), static_cast<double>(data.day_to + 1)};
    SvgWriter svg(kWidth, 400);  // height set once the panels are laid out
    svg.comment("dayzero case-report figure for patient " + data.patient);
    svg.text(kLeft, 24,
             "Patient " + data.patient + ": temperature, CRS grade (ASTCT 2019" +
                 (data.definition.is_default() ? "" : ", modified") + "), support and treatment",
             "start", "font-size=\"15\" font-weight=\"bold\"");
    temperature_panel(svg, axis, data);
    double top = kTempTop + kTempHeight + 12;
    top = grade_band(svg, axis, data, top);
    top = support_rows(svg, axis, data, top);
    top = dose_markers(svg, axis, data, top);
    if (!data.cytokines.empty()) top = cytokine_panel(svg, axis, data, top + 18);
    // Day axis shared by every panel, with the infusion (day 0) marked across all of them.
    const double axis_y = top + 8;
    svg.open_group("class=\"day-axis\"");
    svg.line(kLeft, axis_y, kWidth - kRight, axis_y, "#374151");
    const int span = data.day_to - data.day_from + 1;
    const int step = span <= 21 ? 1 : (span <= 42 ? 2 : 7);
    for (int d = data.day_from; d <= data.day_to; ++d) {
        const double x = axis.x(d + 0.5);
        if ((d - data.day_from) % step == 0 || d == 0) {
            svg.line(x, axis_y, x, axis_y + 4, "#374151");
            svg.text(x, axis_y + 16, std::to_string(d), "middle", "font-size=\"10\"");
        }
    }
    if (data.day_from <= 0 && data.day_to >= 0) {
        svg.line(axis.x(0), kTempTop, axis.x(0), axis_y, "#6b7280",
                 "stroke-dasharray=\"2 3\" class=\"infusion-line\"");
        svg.text(axis.x(0) + 3, kTempTop + 10, "CAR-T", "start",
                 "font-size=\"9\" fill=\"#6b7280\"");
    }
    svg.text((kLeft + kWidth - kRight) / 2, axis_y + 34, "Day post-infusion", "middle");
    svg.close_group();
    svg.text(kLeft, axis_y + 52,
             "▼ tocilizumab   ◆ corticosteroid   oxygen: light = level 2, dark = level 3–4",
             "start", "font-size=\"10\" fill=\"#374151\"");
    // The grades depend on the definition in force: the figure says which one it used.
    double note_y = axis_y + 68;
    svg.open_group("class=\"definition\"");
    for (const std::string& line :
         wrap_to_width("CRS definition: " + data.definition.describe(), kNoteChars)) {
        svg.text(kLeft, note_y, line, "start", "font-size=\"9\" fill=\"#6b7280\"");
        note_y += 12;
    }
    svg.close_group();
    svg.set_height(note_y + 4);
    return svg.finish();
}

}  // namespace dayzero::shell
