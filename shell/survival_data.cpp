// The data behind `plot survival`: the curves of a `survival` statement's result, as the
// statement computed them (its patients, definition in force, as-of point and groups).
#include <string>

#include "query/survival_curves.h"
#include "shell/plot_data.h"

namespace dayzero::shell {

namespace {

void append_note(std::string& note, const std::string& text) {
    if (!note.empty()) note += "; ";
    note += text;
}

}  // namespace

int64_t at_risk(const stats::KaplanMeierFit& fit, double t) {
    // Each row's n_risk counts the subjects followed at least to its time; none lie between rows.
    for (const auto& row : fit.rows) {
        if (row.time >= t) return row.n_risk;
    }
    return 0;
}

double last_time(const stats::KaplanMeierFit& fit) {
    return fit.rows.empty() ? 0.0 : fit.rows.back().time;
}

store::Result<SurvivalData> survival_figure(const query::QueryResult& result) {
    if (!result.ok) {
        return store::Status::invalid_argument(result.reason.empty() ? result.error
                                                                     : result.reason);
    }
    if (!result.survival) return store::Status::invalid_argument("the result has no curves");
    const query::SurvivalCurves& curves = *result.survival;
    if (curves.groups.size() > kMaxSurvivalGroups) {
        return store::Status::invalid_argument(
            "'" + curves.by + "' has " + std::to_string(curves.groups.size()) +
            " values; at most " + std::to_string(kMaxSurvivalGroups) +
            " groups can be drawn (group it, e.g. by a condition such as " + curves.by + " >= N)");
    }
    SurvivalData data;
    data.endpoint = curves.endpoint;
    data.by = curves.by;
    for (const auto& curve : curves.groups)
        data.groups.push_back({curve.label, curve.fit});
    if (data.groups.size() > 1) {
        if (curves.log_rank_p)
            data.log_rank_p = curves.log_rank_p;
        else
            data.note = "log-rank test not computable: " + curves.log_rank_not_computable;
    }
    if (curves.without_group > 0) {
        append_note(data.note, std::to_string(curves.without_group) +
                                   " patient(s) without a value of " + curves.by + " left out");
    }
    if (curves.without_follow_up > 0) {
        append_note(data.note, std::to_string(curves.without_follow_up) +
                                   " patient(s) without follow-up left out");
    }
    return data;
}

}  // namespace dayzero::shell
