#pragma once

// What Cox and logistic regression share: the design (covariate columns grouped into terms)
// and the per-coefficient and whole-model results, shaped like R's model summaries.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

// Covariates of n subjects: one column per coefficient, grouped into terms (a category with k
// levels is one term of k - 1 indicator columns). rows[i][j] is subject i's value of column j.
struct Design {
    std::vector<std::string> columns;  // coefficient names, e.g. "age", "sex=male"
    std::vector<std::string> terms;    // term names, e.g. "age", "sex"
    std::vector<std::size_t> term_of;  // the term of each column
    std::vector<std::vector<double>> rows;

    // Adds a column to the term named `term` (creating the term when new).
    void add_column(const std::string& column, const std::string& term);
    // Columns, terms and the row width are consistent and every value is finite.
    bool valid() const;
};

// One coefficient, as a row of summary(coxph) or summary(glm) with exp(coef) and its CI.
struct Coefficient {
    std::string name;
    std::optional<double> estimate;  // coef; nullopt when aliased (R's NA)
    std::optional<double> std_error;
    std::optional<double> z;
    std::optional<double> p;      // two-sided Wald p
    std::optional<double> ratio;  // exp(coef): hazard or odds ratio
    std::optional<double> lower;  // exp(coef - z * se), z = qnorm(1 - (1 - level) / 2)
    std::optional<double> upper;
    bool aliased = false;          // linearly dependent on earlier columns: not estimated
    bool may_be_infinite = false;  // the estimate diverges (separation, monotone likelihood)
};

// A chi-squared test of the whole model (likelihood ratio, Wald or score).
struct ModelTest {
    std::optional<double> statistic;
    std::optional<double> df;
    std::optional<double> p;
};

// Fills z, p, ratio and the Wald interval of a coefficient from its estimate and SE.
void complete_wald(Coefficient& c, double conf_level);

// A ModelTest of `statistic` on `df` degrees of freedom (not computable for df <= 0).
ModelTest chi_squared_model_test(double statistic, double df);

}  // namespace dayzero::stats
