#include "stats/log_rank.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

struct Tagged {
    double time;
    bool event;
    std::size_t group;
};

// Solves a * x = b by Gaussian elimination with partial pivoting; false if singular.
bool solve(std::vector<std::vector<double>> a, std::vector<double> b, std::vector<double>& x) {
    const std::size_t n = b.size();
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r) {
            if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) {
                pivot = r;
            }
        }
        if (std::fabs(a[pivot][col]) < 1e-12) {
            return false;
        }
        std::swap(a[col], a[pivot]);
        std::swap(b[col], b[pivot]);
        for (std::size_t r = col + 1; r < n; ++r) {
            const double factor = a[r][col] / a[col][col];
            for (std::size_t c = col; c < n; ++c) {
                a[r][c] -= factor * a[col][c];
            }
            b[r] -= factor * b[col];
        }
    }
    x.assign(n, 0.0);
    for (std::size_t i = n; i-- > 0;) {
        double s = b[i];
        for (std::size_t c = i + 1; c < n; ++c) {
            s -= a[i][c] * x[c];
        }
        x[i] = s / a[i][i];
    }
    return true;
}

}  // namespace

LogRankResult log_rank_test(const std::vector<std::vector<SurvivalObservation>>& groups) {
    LogRankResult result;
    const std::size_t k = groups.size();
    if (k < 2) {
        result.not_computable = not_computable_reason("need at least 2 groups");
        return result;
    }
    std::vector<Tagged> all;
    for (std::size_t g = 0; g < k; ++g) {
        if (groups[g].empty()) {
            result.not_computable =
                not_computable_reason("group " + std::to_string(g + 1) + " is empty");
            return result;
        }
        result.n.push_back(static_cast<std::int64_t>(groups[g].size()));
        for (const auto& o : groups[g]) {
            if (!std::isfinite(o.time) || o.time < 0.0) {
                result.not_computable =
                    not_computable_reason("follow-up times must be finite and >= 0");
                return result;
            }
            all.push_back({o.time, o.event, g});
        }
    }
    std::sort(all.begin(), all.end(),
              [](const Tagged& a, const Tagged& b) { return a.time < b.time; });
    std::vector<double> at_risk(k, 0.0);
    for (std::size_t g = 0; g < k; ++g) {
        at_risk[g] = static_cast<double>(groups[g].size());
    }
    result.observed.assign(k, 0.0);
    result.expected.assign(k, 0.0);
    std::vector<std::vector<double>> var(k, std::vector<double>(k, 0.0));
    for (std::size_t i = 0; i < all.size();) {
        const double t = all[i].time;
        std::vector<double> deaths(k, 0.0);
        std::vector<double> leaving(k, 0.0);
        for (; i < all.size() && all[i].time == t; ++i) {
            leaving[all[i].group] += 1.0;
            if (all[i].event) {
                deaths[all[i].group] += 1.0;
            }
        }
        double n = 0.0;
        double d = 0.0;
        for (std::size_t g = 0; g < k; ++g) {
            n += at_risk[g];
            d += deaths[g];
        }
        if (d > 0.0) {
            // Hypergeometric mean and covariance of the deaths split across groups.
            const double spread = n > 1.0 ? d * (n - d) / (n - 1.0) : 0.0;
            for (std::size_t g = 0; g < k; ++g) {
                result.observed[g] += deaths[g];
                result.expected[g] += d * at_risk[g] / n;
                for (std::size_t h = 0; h < k; ++h) {
                    const double delta = g == h ? 1.0 : 0.0;
                    var[g][h] += spread * (at_risk[g] / n) * (delta - at_risk[h] / n);
                }
            }
        }
        for (std::size_t g = 0; g < k; ++g) {
            at_risk[g] -= leaving[g];
        }
    }
    // As survdiff: keep groups with expected > 0 and drop the first of them (V is singular).
    std::vector<std::size_t> kept;
    for (std::size_t g = 0; g < k; ++g) {
        if (result.expected[g] > 0.0) {
            kept.push_back(g);
        }
    }
    if (kept.size() < 2) {
        result.not_computable =
            not_computable_reason("fewer than 2 groups are at risk at any event time");
        return result;
    }
    std::vector<double> diff;
    std::vector<std::vector<double>> v;
    for (std::size_t a = 1; a < kept.size(); ++a) {
        diff.push_back(result.observed[kept[a]] - result.expected[kept[a]]);
        std::vector<double> row;
        for (std::size_t b = 1; b < kept.size(); ++b) {
            row.push_back(var[kept[a]][kept[b]]);
        }
        v.push_back(row);
    }
    std::vector<double> solution;
    if (!solve(v, diff, solution)) {
        result.not_computable = not_computable_reason("variance matrix is singular");
        return result;
    }
    double chisq = 0.0;
    for (std::size_t a = 0; a < diff.size(); ++a) {
        chisq += solution[a] * diff[a];
    }
    result.chisq = chisq;
    result.df = static_cast<double>(kept.size() - 1);
    result.p = pchisq_upper(chisq, *result.df);
    return result;
}

}  // namespace dayzero::stats
