#pragma once
// SVG figures of the model statements, in the Kaplan–Meier figure's style.

#include <string>

#include "query/incidence_curves.h"
#include "query/model_figure.h"
#include "shell/figure_style.h"

namespace dayzero::shell {

// A forest plot of a Cox or logistic model: one row per coefficient, the ratio as a square and
// its 95 % interval as a bar on a log axis, the line of no effect at 1, "ratio (CI)" and p.
// `text` overrides the title and the axis label.
std::string forest_svg(const query::ModelFigure& model, const FigureText& text = {});

// Cumulative-incidence step curves (one per group) from 0 upwards, a legend and Gray's p.
// `text` overrides the title and axis labels.
std::string incidence_svg(const query::IncidenceCurves& curves, const FigureText& text = {});

}  // namespace dayzero::shell
