#include "stats/group_test.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>

#include "stats/chi_squared.h"
#include "stats/fisher.h"
#include "stats/hodges_lehmann.h"
#include "stats/kruskal_wallis.h"
#include "stats/t_test.h"
#include "stats/wilcoxon.h"

namespace dayzero::stats {

namespace {

const std::vector<std::pair<std::string, TestChoice>>& choice_names() {
    static const std::vector<std::pair<std::string, TestChoice>> names = {
        {"fisher", TestChoice::kFisher},
        {"chisq", TestChoice::kChiSquared},
        {"chisq_yates", TestChoice::kChiSquaredYates},
        {"mann_whitney", TestChoice::kMannWhitney},
        {"t", TestChoice::kWelch},
        {"welch", TestChoice::kWelch},
        {"student", TestChoice::kStudent},
        {"kruskal_wallis", TestChoice::kKruskalWallis},
    };
    return names;
}

// True when every expected count row total x column total / N is at least 5.
bool expected_at_least_5(const CountTable& table) {
    std::vector<double> rows(table.size(), 0.0);
    std::vector<double> cols(table.empty() ? 0 : table[0].size(), 0.0);
    double n = 0.0;
    for (std::size_t i = 0; i < table.size(); ++i) {
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            const auto c = static_cast<double>(table[i][j]);
            rows[i] += c;
            cols[j] += c;
            n += c;
        }
    }
    if (n <= 0.0) return false;
    for (const double r : rows) {
        for (const double c : cols) {
            if (r * c / n < 5.0) return false;
        }
    }
    return true;
}

GroupTestResult run_chi_squared(const CountTable& table, bool yates) {
    GroupTestResult r;
    const ChiSquaredResult x = chi_squared_test(table, yates);
    const bool two_by_two = table.size() == 2 && !table.empty() && table[0].size() == 2;
    r.test = yates && two_by_two ? "chi-squared (Yates)" : "chi-squared";
    r.r_method = yates && two_by_two
                     ? "Pearson's Chi-squared test with Yates' continuity correction"
                     : "Pearson's Chi-squared test";
    r.p = x.p;
    r.warnings = x.warnings;
    r.not_computable = x.not_computable;
    return r;
}

GroupTestResult run_fisher(const CountTable& table) {
    GroupTestResult r;
    const FisherResult f = fisher_exact(table);
    r.test = "Fisher";
    r.r_method = "Fisher's Exact Test for Count Data";
    r.p = f.p;
    r.not_computable = f.not_computable;
    if (f.odds_ratio) {
        r.estimate_name = "odds ratio";
        r.estimate = f.odds_ratio;
        r.conf_low = f.conf_low;
        r.conf_high = f.conf_high;
    }
    return r;
}

GroupTestResult run_two_group(const std::vector<std::vector<double>>& groups, TestChoice choice,
                              const std::string& name) {
    GroupTestResult r;
    r.test = name;
    if (groups.size() != 2) {
        r.not_computable = not_computable_reason(name + " compares two groups, found " +
                                                 std::to_string(groups.size()));
        return r;
    }
    if (choice == TestChoice::kMannWhitney) {
        const WilcoxonResult w = wilcoxon_rank_sum(groups[0], groups[1]);
        r.p = w.p;
        r.r_method = w.method;
        r.warnings = w.warnings;
        r.not_computable = w.not_computable;
        if (w.not_computable.empty()) {
            const ShiftEstimate hl = hodges_lehmann(groups[0], groups[1]);
            if (hl.not_computable.empty()) {
                r.estimate_name = "Hodges-Lehmann difference in location";
                r.estimate = hl.estimate;
                r.conf_low = hl.conf_low;
                r.conf_high = hl.conf_high;
                // Small groups cannot reach 95 %: the interval is then at a lower level (R warns
                // too), which the "95% CI" column would not say.
                if (hl.conf_level < 0.95 - 1e-9) {
                    char level[32];
                    std::snprintf(level, sizeof level, "%.1f", 100.0 * hl.conf_level);
                    r.warnings.push_back(
                        std::string("the Hodges-Lehmann interval cannot reach 95 % with groups "
                                    "this small: the interval shown is at ") +
                        level + " % (wilcox.test: \"Requested conf.level not achievable\")");
                }
            }
        }
        return r;
    }
    TTestOptions options;
    options.equal_variance = choice == TestChoice::kStudent;
    const TTestResult t = t_test(groups[0], groups[1], options);
    r.p = t.p;
    r.r_method = t.method;
    r.not_computable = t.not_computable;
    if (t.not_computable.empty()) {
        r.estimate_name = "difference in means";
        r.estimate = *t.mean_x - *t.mean_y;
        r.conf_low = t.conf_low;
        r.conf_high = t.conf_high;
    }
    return r;
}

}  // namespace

std::optional<TestChoice> test_choice_from_name(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [n, choice] : choice_names()) {
        if (n == lower) return choice;
    }
    return std::nullopt;
}

std::vector<std::string> test_choice_names() {
    std::vector<std::string> names;
    for (const auto& entry : choice_names())
        names.push_back(entry.first);
    return names;
}

bool is_category_test(TestChoice choice) {
    return choice == TestChoice::kFisher || choice == TestChoice::kChiSquared ||
           choice == TestChoice::kChiSquaredYates;
}

GroupTestResult category_group_test(const CountTable& table, TestChoice choice) {
    switch (choice) {
        case TestChoice::kFisher:
            return run_fisher(table);
        case TestChoice::kChiSquared:
            return run_chi_squared(table, false);
        case TestChoice::kChiSquaredYates:
            return run_chi_squared(table, true);
        default:
            break;
    }
    if (expected_at_least_5(table)) {
        GroupTestResult r = run_chi_squared(table, false);
        r.reason = "every expected count is at least 5";
        return r;
    }
    GroupTestResult r = run_fisher(table);
    if (r.not_computable.empty()) {
        r.reason = "an expected count is below 5";
        return r;
    }
    // Fisher's enumeration is bounded (fisher.h); a table that large is answered by chi-squared.
    GroupTestResult x = run_chi_squared(table, false);
    if (!x.not_computable.empty()) return r;
    std::string why = r.not_computable;
    if (why.rfind("not computable: ", 0) == 0) why.erase(0, 16);
    if (const auto cut = why.find("; use the chi-squared test"); cut != std::string::npos)
        why.erase(cut);
    x.reason = "Fisher's exact test is not computable: " + why;
    return x;
}

GroupTestResult numeric_group_test(const std::vector<std::vector<double>>& groups,
                                   TestChoice choice) {
    switch (choice) {
        case TestChoice::kMannWhitney:
            return run_two_group(groups, choice, "Mann-Whitney");
        case TestChoice::kWelch:
            return run_two_group(groups, choice, "Welch t");
        case TestChoice::kStudent:
            return run_two_group(groups, choice, "Student t");
        default:
            break;
    }
    if (choice == TestChoice::kDefault && groups.size() == 2) {
        GroupTestResult r = run_two_group(groups, TestChoice::kMannWhitney, "Mann-Whitney");
        r.reason = "two groups";
        return r;
    }
    GroupTestResult r;
    r.test = "Kruskal-Wallis";
    r.r_method = "Kruskal-Wallis rank sum test";
    if (choice == TestChoice::kDefault) r.reason = "three or more groups";
    const KruskalWallisResult k = kruskal_wallis(groups);
    r.p = k.p;
    r.not_computable = k.not_computable;
    return r;
}

}  // namespace dayzero::stats
