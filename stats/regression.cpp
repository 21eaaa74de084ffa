#include "stats/regression.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"

namespace dayzero::stats {

void Design::add_column(const std::string& column, const std::string& term) {
    const auto it = std::find(terms.begin(), terms.end(), term);
    term_of.push_back(static_cast<std::size_t>(it - terms.begin()));
    if (it == terms.end()) terms.push_back(term);
    columns.push_back(column);
}

bool Design::valid() const {
    if (term_of.size() != columns.size()) return false;
    for (std::size_t t : term_of) {
        if (t >= terms.size()) return false;
    }
    for (const auto& row : rows) {
        if (row.size() != columns.size()) return false;
        for (double v : row) {
            if (!std::isfinite(v)) return false;
        }
    }
    return true;
}

void complete_wald(Coefficient& c, double conf_level) {
    if (!c.estimate || !c.std_error) return;
    const double b = *c.estimate;
    const double se = *c.std_error;
    c.ratio = std::exp(b);
    if (!(se > 0.0) || !std::isfinite(se)) return;
    c.z = b / se;
    c.p = 2.0 * pnorm_upper(std::fabs(*c.z));
    const double q = qnorm(1.0 - (1.0 - conf_level) / 2.0);
    c.lower = std::exp(b - q * se);
    c.upper = std::exp(b + q * se);
}

ModelTest chi_squared_model_test(double statistic, double df) {
    ModelTest t;
    if (df <= 0.0 || !std::isfinite(statistic)) return t;
    t.statistic = statistic;
    t.df = df;
    t.p = pchisq_upper(std::max(statistic, 0.0), df);
    return t;
}

}  // namespace dayzero::stats
