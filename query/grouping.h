#pragma once
// Grouping patients by a `by` expression: yes/no groups for conditions, one group per value for
// categories, in a stable, readable order.

#include <map>
#include <string>
#include <vector>

#include "query/bound_expr.h"
#include "query/query_result.h"

namespace dayzero::query {

class Groups {
  public:
    // Groups for `by` (null = one group "all"). Conditions give "<by>" then "not <by>".
    explicit Groups(const BoundExpr* by);

    // The group index of `value` (adding a new category as needed); -1 for a missing value.
    int index_of(const Value& value);
    // Labels in display order (categories sorted: numbers numerically, then text).
    std::vector<std::string> labels() const;
    // Maps insertion indexes to display positions (apply after all values were seen).
    std::vector<size_t> display_order() const;
    size_t size() const { return labels_.size(); }
    int missing() const { return missing_; }
    // "N patients without a value for BY are left out", or "" when every patient had one: what
    // a statement grouping by `by` says of the patients in none of its groups.
    std::string left_out_note() const;

  private:
    const BoundExpr* by_;
    std::vector<std::string> labels_;
    std::vector<Value> keys_;
    std::map<std::string, int> index_;
    int missing_ = 0;
};

}  // namespace dayzero::query
