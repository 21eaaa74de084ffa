#pragma once
// SVG figures for papers and case reports.

#include <string>

#include "shell/plot_data.h"

namespace dayzero::shell {

// A case-report figure on one day axis: temperature with the 38 °C line, a daily CRS grade band,
// oxygen and vasopressor bars, tocilizumab/corticosteroid markers, cytokines on a log axis.
std::string timeline_svg(const TimelineData& data);

// Kaplan–Meier step curves with censor ticks, a legend, the log-rank p and numbers at risk.
std::string survival_svg(const SurvivalData& data);

}  // namespace dayzero::shell
