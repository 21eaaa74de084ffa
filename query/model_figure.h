#pragma once
// ModelFigure: the estimates behind a `cox` or `logistic` result, attached to it so that a forest
// plot draws exactly what the table reports.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::query {

struct ForestRow {
    std::string label;            // the coefficient: "age", "sex: male vs female"
    std::optional<double> ratio;  // HR or OR; empty when not estimated (aliased)
    std::optional<double> lower;  // the interval drawn (Wald, or profile for logistic)
    std::optional<double> upper;
    std::optional<double> p;
    bool may_be_infinite = false;  // drawn as an arrow, not a bar
};

struct ModelFigure {
    std::string title;       // "Cox regression: OS"
    std::string ratio_name;  // "Hazard ratio" or "Odds ratio"
    std::string interval;    // "95% CI (Wald)" ...
    int64_t n = 0;
    int64_t events = 0;
    std::vector<ForestRow> rows;
};

}  // namespace dayzero::query
