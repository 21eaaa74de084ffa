#include "query/model_design.h"

#include "query/expr_eval.h"
#include "query/query_error.h"

namespace dayzero::query {

ModelDesign::ModelDesign(const std::vector<checked::Covariate>& covariates)
    : covariates_(covariates) {
    for (const auto& c : covariates_)
        levels_.emplace_back(c.expr.get());
}

bool ModelDesign::add(PatientContext& ctx) {
    std::vector<Value> row;
    for (const auto& c : covariates_) {
        Value v = evaluate(*c.expr, ctx);
        if (std::holds_alternative<std::monostate>(v)) {
            ++incomplete_;
            return false;
        }
        row.push_back(std::move(v));
    }
    for (size_t k = 0; k < row.size(); ++k) {
        if (covariates_[k].category) levels_[k].index_of(row[k]);
    }
    values_.push_back(std::move(row));
    return true;
}

std::string ModelDesign::reference_of(size_t k) const {
    const auto labels = levels_[k].labels();
    if (covariates_[k].reference) {
        const std::string ref = group_label(*covariates_[k].reference);
        for (const auto& l : labels) {
            if (l == ref) return ref;
        }
        std::string list;
        for (const auto& l : labels)
            list += (list.empty() ? "" : ", ") + l;
        throw QueryError(ErrorKind::kData, "reference level '" + ref + "' of '" +
                                               covariates_[k].expr->label +
                                               "' does not occur (levels: " + list + ")");
    }
    return labels.empty() ? std::string() : labels.front();
}

stats::Design ModelDesign::build() const {
    stats::Design d;
    // Per covariate: the design columns it produces and, for categories, the level of each.
    std::vector<std::vector<std::string>> column_levels(covariates_.size());
    for (size_t k = 0; k < covariates_.size(); ++k) {
        const auto& c = covariates_[k];
        if (!c.category) {
            d.add_column(c.expr->label, c.expr->label);
            continue;
        }
        const std::string ref = reference_of(k);
        for (const auto& level : levels_[k].labels()) {
            if (level == ref) continue;
            d.add_column(c.expr->label + ": " + level + " vs " + ref, c.expr->label);
            column_levels[k].push_back(level);
        }
        if (column_levels[k].empty() && !values_.empty()) {
            throw QueryError(ErrorKind::kData, "covariate '" + c.expr->label +
                                                   "' takes a single value ('" + ref +
                                                   "') among the patients modelled");
        }
    }
    for (const auto& values : values_) {
        std::vector<double> row;
        for (size_t k = 0; k < covariates_.size(); ++k) {
            const Value& v = values[k];
            if (covariates_[k].category) {
                const std::string label = group_label(v);
                for (const auto& level : column_levels[k])
                    row.push_back(label == level ? 1 : 0);
            } else if (const auto* b = std::get_if<bool>(&v)) {
                row.push_back(*b ? 1.0 : 0.0);
            } else {
                row.push_back(as_number(v).value_or(0.0));
            }
        }
        d.rows.push_back(std::move(row));
    }
    return d;
}

std::vector<std::string> ModelDesign::reference_notes() const {
    std::vector<std::string> out;
    for (size_t k = 0; k < covariates_.size(); ++k) {
        if (covariates_[k].category) {
            out.push_back(covariates_[k].expr->label + ": reference level " + reference_of(k));
        }
    }
    return out;
}

}  // namespace dayzero::query
