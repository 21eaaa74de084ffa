#pragma once
// Pictures drawn with Unicode characters, for the terminal: a patient's day-by-day course and
// Kaplan–Meier curves as a text plot.

#include <string>

#include "shell/plot_data.h"

namespace dayzero::shell {

// Rows of one column per day: max temperature as a sparkline, fever marks, CRS grade as bars and
// digits, hypotension and hypoxia levels, tocilizumab (T) and corticosteroid (S) doses.
std::string timeline_chart(const TimelineData& data, int width, bool color);

// Survival curves as a character plot `width` columns wide, with a legend (n, events, median).
std::string survival_chart(const SurvivalData& data, int width);

// The value of a Kaplan–Meier step function at `t` (1 before the first time).
double survival_at_time(const stats::KaplanMeierFit& fit, double t);

}  // namespace dayzero::shell
