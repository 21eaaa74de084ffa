// Gray's (1988) K-sample test of equal cumulative incidence, rho = 0, as cmprsk::cuminc: a
// score vector over the first K - 1 groups with its covariance estimated from the same sums.
#include <algorithm>
#include <cmath>
#include <map>

#include "stats/competing_risks.h"
#include "stats/dense_matrix.h"
#include "stats/distributions.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

struct GroupCounts {
    double censored = 0, events = 0, competing = 0;
};

}  // namespace

GrayTestResult gray_test(const std::vector<std::vector<CompetingObservation>>& groups) {
    GrayTestResult out;
    const std::size_t k = groups.size();
    if (k < 2) {
        out.not_computable = not_computable_reason("fewer than 2 groups");
        return out;
    }
    std::map<double, std::vector<GroupCounts>> times;
    std::vector<double> at_risk(k, 0.0);
    double total_events = 0.0;
    for (std::size_t g = 0; g < k; ++g) {
        if (groups[g].empty()) {
            out.not_computable = not_computable_reason("a group is empty");
            return out;
        }
        for (const auto& o : groups[g]) {
            if (!std::isfinite(o.time) || o.time < 0.0) {
                out.not_computable = not_computable_reason("times must be finite and >= 0");
                return out;
            }
            auto& row = times[o.time];
            row.resize(k);
            if (o.status == CompetingStatus::kEvent) {
                row[g].events += 1;
                total_events += 1;
            } else if (o.status == CompetingStatus::kCompeting) {
                row[g].competing += 1;
            } else {
                row[g].censored += 1;
            }
        }
        at_risk[g] = static_cast<double>(groups[g].size());
    }
    if (total_events == 0.0) {
        out.not_computable = not_computable_reason("no events of interest");
        return out;
    }
    const std::size_t m = k - 1;  // the score uses the first K - 1 groups
    std::vector<double> surv(k, 1.0), surv_after(k, 1.0), inc(k, 0.0), inc_after(k, 0.0);
    double pooled = 0.0;  // the pooled cumulative incidence before the current time
    std::vector<double> score(m, 0.0), v3(k, 0.0);
    std::vector<std::vector<double>> c(k, std::vector<double>(k, 0.0));
    std::vector<std::vector<double>> v2(m, std::vector<double>(k, 0.0));
    SquareMatrix v(m);
    for (const auto& [time, row] : times) {
        double d1 = 0.0, d2 = 0.0;
        for (const auto& r : row) {
            d1 += r.events;
            d2 += r.competing;
        }
        if (d1 + d2 > 0.0) {
            double r_sum = 0.0, q_sum = 0.0;  // sums of the groups' adjusted risk sets
            for (std::size_t g = 0; g < k; ++g) {
                if (at_risk[g] <= 0.0) continue;
                const double d = row[g].events + row[g].competing;
                surv_after[g] = surv[g] * (at_risk[g] - d) / at_risk[g];
                inc_after[g] = inc[g] + surv[g] * row[g].events / at_risk[g];
                r_sum += at_risk[g] / surv[g];
                q_sum += at_risk[g] * (1.0 - inc[g]) / surv[g];
            }
            const double pooled_after = pooled + d1 / r_sum;
            // a: derivative of the score in the groups' hazard increments; c accumulates it.
            std::vector<std::vector<double>> a(k, std::vector<double>(k, 0.0));
            for (std::size_t i = 0; i < k; ++i) {
                if (at_risk[i] <= 0.0) continue;
                const double ti = at_risk[i] / surv[i];
                for (std::size_t j = 0; j < k; ++j) {
                    if (at_risk[j] <= 0.0) continue;
                    a[i][j] =
                        i == j ? ti * (1.0 - ti / r_sum) : -ti * (at_risk[j] / surv[j]) / r_sum;
                    c[i][j] += a[i][j] * d1 / (r_sum * (1.0 - pooled));
                }
            }
            for (std::size_t i = 0; i < m; ++i) {
                if (at_risk[i] <= 0.0) continue;
                score[i] += row[i].events - d1 * at_risk[i] * (1.0 - inc[i]) / (surv[i] * q_sum);
            }
            const auto accumulate = [&](std::size_t g, double t4, double t3, bool of_interest) {
                v3[g] += t4 * t4 * t3;
                for (std::size_t i = 0; i < m; ++i) {
                    const double t1 = of_interest ? a[i][g] - t4 * c[i][g] : t4 * c[i][g];
                    v2[i][g] += (of_interest ? 1.0 : -1.0) * t1 * t4 * t3;
                    for (std::size_t j = 0; j <= i; ++j) {
                        const double t2 = of_interest ? a[j][g] - t4 * c[j][g] : t4 * c[j][g];
                        v(i, j) += t1 * t2 * t3;
                    }
                }
            };
            if (d1 > 0.0) {
                for (std::size_t g = 0; g < k; ++g) {
                    if (at_risk[g] <= 0.0) continue;
                    const double t4 =
                        surv_after[g] > 0.0 ? 1.0 - (1.0 - pooled_after) / surv_after[g] : 1.0;
                    const double tie = d1 > 1.0 ? 1.0 - (d1 - 1.0) / (r_sum * surv[g] - 1.0) : 1.0;
                    accumulate(g, t4, tie * surv[g] * d1 / (r_sum * at_risk[g]), true);
                }
            }
            if (d2 > 0.0) {
                for (std::size_t g = 0; g < k; ++g) {
                    const double d2g = row[g].competing;
                    if (surv_after[g] <= 0.0 || d2g <= 0.0) continue;
                    const double t4 = (1.0 - pooled_after) / surv_after[g];
                    const double tie = d2g > 1.0 ? 1.0 - (d2g - 1.0) / (at_risk[g] - 1.0) : 1.0;
                    accumulate(g, t4, tie * surv[g] * surv[g] * d2g / (at_risk[g] * at_risk[g]),
                               false);
                }
            }
            pooled = pooled_after;
        }
        for (std::size_t g = 0; g < k; ++g) {
            at_risk[g] -= row[g].censored + row[g].events + row[g].competing;
            inc[g] = inc_after[g];
            surv[g] = surv_after[g];
        }
    }
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            for (std::size_t g = 0; g < k; ++g) {
                v(i, j) += c[i][g] * c[j][g] * v3[g] + c[i][g] * v2[j][g] + c[j][g] * v2[i][g];
            }
            v(j, i) = v(i, j);
        }
    }
    const CholeskyFactor factor(v, default_cholesky_tolerance());
    if (factor.rank() != m) {
        out.not_computable = not_computable_reason("the test's covariance matrix is singular");
        return out;
    }
    const std::vector<double> x = factor.solve(score);
    double stat = 0.0;
    for (std::size_t i = 0; i < m; ++i)
        stat += x[i] * score[i];
    out.statistic = stat;
    out.df = static_cast<double>(m);
    out.p = pchisq_upper(std::max(stat, 0.0), *out.df);
    return out;
}

}  // namespace dayzero::stats
