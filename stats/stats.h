#pragma once

// Umbrella header of dayzero::stats: statistics that agree with R (see docs/STATISTICS.md).
// No I/O, no dependency on the rest of dayzero; every result carries `not_computable` (empty
// when valid) instead of NaN, and std::optional for numbers that R would print as NA.
//
// Usage:
//   #include "stats/stats.h"
//   namespace st = dayzero::stats;
//
//   st::Descriptives d = st::describe(std::vector<double>{3.1, 4.0, 5.2});
//   // d.n, d.median, d.q1, d.q3 (R type 7), d.min, d.max, d.mean, d.sd
//
//   st::WilcoxonResult w = st::wilcoxon_rank_sum(crs_days_product_a, crs_days_product_b);
//   if (!w.not_computable.empty()) { /* show w.not_computable: it already reads
//                                        "not computable: <reason>", do not prefix again */ }
//   else { /* *w.w is R's W, *w.p the two-sided p, w.exact tells exact vs normal approx. */ }
//
//   st::FisherResult f = st::fisher_exact({{12, 5}, {3, 9}});        // rows x columns
//   // *f.p, and for 2x2 *f.odds_ratio, *f.conf_low, *f.conf_high
//   st::ChiSquaredResult c = st::chi_squared_test({{12, 5}, {3, 9}}); // Yates for 2x2
//
//   std::vector<st::SurvivalObservation> obs = {{5.0, true}, {8.0, false}, {12.0, true}};
//   st::KaplanMeierFit km = st::kaplan_meier(obs);
//   st::SurvivalQuantile med = st::survival_median(km);   // estimate/lower/upper may be NA
//   auto at = st::survival_at(km, {6.0, 12.0});            // summary(fit, times = c(6, 12))
//   auto cols = st::survival_at_each(km, {6.0, 24.0});     // one optional per time (NA if
//                                                          // beyond follow-up): table columns
//   st::LogRankResult lr = st::log_rank_test({group_a_obs, group_b_obs, group_c_obs});
//
//   st::CoxFit cox = st::cox_regression(cox_data);           // HR, CI, Wald p per column
//   st::LogisticFit lr = st::logistic_regression(logistic_data); // OR, Wald and profile CIs
//   st::GrayTestResult gray = st::gray_test(competing_groups);  // cuminc's Gray test
//   st::GroupTestResult g = st::category_group_test(table, st::TestChoice::kDefault);
//   // g.test ("chi-squared" when every expected count >= 5, else "Fisher"), g.reason, *g.p
//   st::TTestResult t = st::t_test(x, y);                   // Welch; options.equal_variance
//   st::CorrelationResult r = st::correlation_test(x, y);   // Pearson; options.method
//
//   std::vector<double> adj = st::p_adjust(raw_p, st::AdjustMethod::kBonferroni);
//   st::RocResult roc = st::roc_analysis(marker, outcome);  // *roc.auc, roc.best->threshold
//   std::string cell = st::format_count_percent(7, 20);     // "7 (35.0%)"

#include "stats/chi_squared.h"
#include "stats/competing_risks.h"
#include "stats/correlation.h"
#include "stats/cox.h"
#include "stats/descriptives.h"
#include "stats/distributions.h"
#include "stats/fisher.h"
#include "stats/group_test.h"
#include "stats/kaplan_meier.h"
#include "stats/kruskal_wallis.h"
#include "stats/log_rank.h"
#include "stats/logistic.h"
#include "stats/p_adjust.h"
#include "stats/roc.h"
#include "stats/stats_common.h"
#include "stats/t_test.h"
#include "stats/wilcoxon.h"
