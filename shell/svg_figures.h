#pragma once
// SVG figures for papers and case reports.

#include <string>

#include "shell/figure_style.h"
#include "shell/plot_data.h"

namespace dayzero::shell {

// A case-report figure on one day axis: temperature with the 38 °C line, a daily CRS grade band,
// oxygen and vasopressor bars, tocilizumab/corticosteroid markers, cytokines on a log axis.
// `title` replaces the default title when not empty.
std::string timeline_svg(const TimelineData& data, const std::string& title = "");

// Kaplan–Meier step curves with censor ticks, a legend, the log-rank p and numbers at risk;
// `text` overrides the title and axis labels and asks for confidence bands.
std::string survival_svg(const SurvivalData& data, const FigureText& text = {});

}  // namespace dayzero::shell
