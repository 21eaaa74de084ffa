#include "shell/terminal_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "query/query_result.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr const char* kGradeColors[] = {"",         "\x1b[33m",   "\x1b[33;1m",
                                        "\x1b[31m", "\x1b[31;1m", "\x1b[35;1m"};
constexpr const char* kReset = "\x1b[0m";
constexpr int kLabelWidth = 9;
constexpr int kPlotHeight = 12;
// One symbol per survival group (kMaxSurvivalGroups of them); '#' marks overlapping curves.
constexpr const char kSymbols[] = {'*', 'o', '+', 'x', '@', '%', '=', '~', '^', '&', '$', '?'};
static_assert(sizeof kSymbols == kMaxSurvivalGroups, "one symbol per group");

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string cell(const std::string& content, int width) {
    return pad_to_width(content, width, true);
}

}  // namespace

double survival_at_time(const stats::KaplanMeierFit& fit, double t) {
    double s = 1.0;
    for (const auto& row : fit.rows) {
        if (row.time > t) break;
        s = row.surv;
    }
    return s;
}

std::string timeline_chart(const TimelineData& data, int width, bool color) {
    const int all_days = data.day_to - data.day_from + 1;
    const int col = kLabelWidth + 3 * all_days <= width ? 3 : 2;
    // A course longer than the terminal is wide shows its first days; the note says so.
    const int days = std::max(1, std::min(all_days, (width - kLabelWidth) / col));
    std::vector<const derive::DailyGrade*> by_day(static_cast<size_t>(days), nullptr);
    for (const auto& g : data.grades) {
        if (g.day - data.day_from < days) by_day[static_cast<size_t>(g.day - data.day_from)] = &g;
    }
    std::vector<int> toci(static_cast<size_t>(days), 0), steroid(static_cast<size_t>(days), 0);
    for (const auto& dose : data.doses) {
        const int d = static_cast<int>(std::floor(dose.t)) - data.day_from;
        if (d < 0 || d >= days) continue;
        ++(dose.tocilizumab ? toci : steroid)[static_cast<size_t>(d)];
    }
    // Per-day maximum from the readings themselves, so days outside the grading window show too.
    std::vector<double> tmax(static_cast<size_t>(days), std::nan(""));
    for (const auto& reading : data.temperatures) {
        const int d = static_cast<int>(std::floor(reading.t)) - data.day_from;
        if (d < 0 || d >= days) continue;
        double& slot = tmax[static_cast<size_t>(d)];
        if (std::isnan(slot) || reading.value > slot) slot = reading.value;
    }
    double lo = 36.0, hi = 40.0;
    for (double t : tmax) {
        if (!std::isnan(t)) {
            lo = std::min(lo, t);
            hi = std::max(hi, t);
        }
    }
    std::ostringstream out;
    const double fever = data.definition.fever_threshold_c;
    out << data.patient << ": temperature, CRS grade and treatment by day\n";
    auto row = [&](const char* label, auto content) {
        std::string line = label;
        line.resize(kLabelWidth, ' ');
        for (int d = 0; d < days; ++d)
            line += content(d);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    };
    // Narrow columns cannot separate two-digit labels: label every other day then.
    row("day", [&](int d) {
        const int day = data.day_from + d;
        return cell(col == 2 && day % 2 != 0 ? "" : std::to_string(day), col);
    });
    row("tmax", [&](int d) {
        const double t = tmax[static_cast<size_t>(d)];
        if (std::isnan(t)) return cell("", col);
        const int level = std::clamp(static_cast<int>(std::lround((t - lo) / (hi - lo) * 7)), 0, 7);
        return cell(kBlocks[level], col);
    });
    row("fever", [&](int d) {
        const double t = tmax[static_cast<size_t>(d)];
        return cell(!std::isnan(t) && t >= fever ? "!" : "", col);
    });
    if (!data.not_gradable.empty()) {
        std::string line = "grade";
        line.resize(kLabelWidth, ' ');
        out << line << data.not_gradable << "\n";  // an unknown grade is never drawn as 0
    } else {
        row("grade", [&](int d) {
            const auto* g = by_day[static_cast<size_t>(d)];
            if (!g) return cell("", col);
            if (g->grade == 0) return cell("·", col);
            const std::string digit = std::to_string(g->grade);
            if (!color) return cell(digit, col);
            return std::string(static_cast<size_t>(col - 1), ' ') + kGradeColors[g->grade] + digit +
                   kReset;
        });
    }
    row("bp", [&](int d) {
        const auto* g = by_day[static_cast<size_t>(d)];
        return cell(g && g->hypotension_level > 0 ? std::to_string(g->hypotension_level) : "", col);
    });
    row("o2", [&](int d) {
        const auto* g = by_day[static_cast<size_t>(d)];
        return cell(g && g->hypoxia_level > 0 ? std::to_string(g->hypoxia_level) : "", col);
    });
    auto marks = [&](const std::vector<int>& counts, const char* letter) {
        return [&counts, letter, col](int d) {
            const int n = counts[static_cast<size_t>(d)];
            if (n == 0) return cell("", col);
            return cell(n == 1 ? std::string(letter) : letter + std::to_string(std::min(n, 9)),
                        col);
        };
    };
    row("toci", marks(toci, "T"));
    row("steroid", marks(steroid, "S"));
    // The legend is prose: wrapped between words to the terminal's width.
    std::ostringstream legend;
    if (days < all_days) {
        legend << "days " << data.day_from + days << " to " << data.day_to
               << " do not fit this terminal (plot timeline " << data.patient
               << " to FILE.svg draws them all)\n";
    }
    legend << "tmax scale " << fixed(lo, 1) << "–" << fixed(hi, 1) << " °C; ! fever ≥ "
           << fixed(fever, 1) << " °C; bp/o2 = "
           << "hypotension/hypoxia level; T tocilizumab, S corticosteroid (T2 = two doses)\n"
           << "CRS definition: " << data.definition.describe();
    for (const auto& line : wrap_words(legend.str(), width))
        out << line << "\n";
    return out.str();
}

std::string survival_chart(const SurvivalData& data, int width) {
    const int plot_width = std::max(20, width - kLabelWidth - 2);
    double t_max = 1.0;
    for (const auto& g : data.groups)
        t_max = std::max(t_max, last_time(g.fit));
    std::vector<std::string> grid(kPlotHeight, std::string(static_cast<size_t>(plot_width), ' '));
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const char symbol = kSymbols[gi % sizeof kSymbols];
        for (int x = 0; x < plot_width; ++x) {
            const double t = t_max * x / (plot_width - 1);
            const double s = survival_at_time(data.groups[gi].fit, t);
            const int y = static_cast<int>(std::lround((1.0 - s) * (kPlotHeight - 1)));
            char& slot = grid[static_cast<size_t>(y)][static_cast<size_t>(x)];
            slot = (slot == ' ' || slot == symbol) ? symbol : '#';
        }
    }
    std::ostringstream out;
    out << "Kaplan–Meier " << (data.endpoint == "os" ? "overall" : "progression-free")
        << " survival" << (data.by.empty() ? "" : " by " + data.by) << " (months)\n";
    for (int y = 0; y < kPlotHeight; ++y) {
        std::string label;
        if (y == 0)
            label = "1.0";
        else if (y == (kPlotHeight - 1) / 2)
            label = fixed(1.0 - static_cast<double>(y) / (kPlotHeight - 1), 1);
        else if (y == kPlotHeight - 1)
            label = "0.0";
        label.resize(kLabelWidth - 1, ' ');
        std::string line = label + "│" + grid[static_cast<size_t>(y)];
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    }
    std::string axis(static_cast<size_t>(kLabelWidth - 1), ' ');
    axis += "└";
    for (int x = 0; x < plot_width; ++x)
        axis += "─";
    out << axis << "\n";
    const std::string right = fixed(t_max, 1);
    std::string ticks(static_cast<size_t>(kLabelWidth), ' ');
    ticks += "0";
    ticks += std::string(
        static_cast<size_t>(std::max(1, plot_width - 1 - static_cast<int>(right.size()))), ' ');
    out << ticks << right << "\n";
    for (size_t gi = 0; gi < data.groups.size(); ++gi) {
        const auto& g = data.groups[gi];
        const auto median = stats::survival_median(g.fit);
        out << "  " << kSymbols[gi % sizeof kSymbols] << " " << g.label << ": n = " << g.fit.n
            << ", events = " << g.fit.events << ", median = "
            << (median.estimate ? fixed(*median.estimate, 1) + " months"
                                : std::string("not reached"))
            << "\n";
    }
    if (data.log_rank_p)
        out << "  log-rank p = " << query::format_p_value(*data.log_rank_p) << "\n";
    if (!data.note.empty()) out << "  " << data.note << "\n";
    return out.str();
}

}  // namespace dayzero::shell
