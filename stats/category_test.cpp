#include "stats/category_test.h"

#include "stats/chi_squared.h"
#include "stats/fisher.h"

namespace dayzero::stats {

CategoryTestResult category_test(const CountTable& table) {
    CategoryTestResult result;
    const FisherResult f = fisher_exact(table);
    if (f.not_computable.empty()) {
        result.p = f.p;
        result.method = "Fisher";
        return result;
    }
    result.fisher_reason = f.not_computable;
    const ChiSquaredResult x = chi_squared_test(table, false);
    if (x.not_computable.empty()) {
        result.p = x.p;
        result.method = "chi-squared";
        return result;
    }
    result.method = f.not_computable;
    return result;
}

}  // namespace dayzero::stats
