#pragma once
// The table columns, rows and notes the model statements (cox, logistic) share.

#include <string>
#include <utility>
#include <vector>

#include "query/checked.h"
#include "query/model_figure.h"
#include "query/query_result.h"
#include "stats/regression.h"

namespace dayzero::query {

// "age, sex, max_grade >= 3": the covariates as written.
std::string covariate_list(const std::vector<checked::Covariate>& covariates);

// The covariates' expressions, in order.
std::vector<BoundPtr> covariate_exprs(const std::vector<checked::Covariate>& covariates);

// covariate, RATIO, lower_95, upper_95, p, coef, se.
std::vector<Column> coefficient_columns(const std::string& ratio);

// One coefficient's cells for coefficient_columns (empty cells when not estimated).
std::vector<Value> coefficient_row(const stats::Coefficient& k);

// A forest-plot row with the interval [lower, upper].
ForestRow forest_row(const stats::Coefficient& k, std::optional<double> lower,
                     std::optional<double> upper);

// "p = 0.031" or "p < 0.001".
std::string p_text(double p);

// "likelihood ratio test = 8.1 on 2 df, p = 0.0174; Wald test = ..." (tests not computable are
// named as such).
std::string model_tests_text(const std::vector<std::pair<std::string, stats::ModelTest>>& tests);

// Notes for patients left out: no outcome (`without_outcome`, described by `why`) or a missing
// covariate.
void add_left_out_notes(QueryResult& r, int64_t without_outcome, const std::string& why,
                        int64_t incomplete);

}  // namespace dayzero::query
