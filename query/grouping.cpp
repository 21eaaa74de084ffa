#include "query/grouping.h"

#include <algorithm>
#include <numeric>

#include "query/expr_eval.h"

namespace dayzero::query {

Groups::Groups(const BoundExpr* by) : by_(by) {
    if (by_ == nullptr) {
        labels_ = {"all"};
        keys_ = {Value{}};
    } else if (by_->type == ValueType::kBool) {
        labels_ = {by_->label, "not " + by_->label};
        keys_ = {Value{true}, Value{false}};
    }
}

std::string Groups::left_out_note() const {
    if (missing_ == 0 || by_ == nullptr) return {};
    return std::to_string(missing_) + " patients without a value for " + by_->label +
           " are left out";
}

int Groups::index_of(const Value& value) {
    if (by_ == nullptr) return 0;
    if (std::holds_alternative<std::monostate>(value)) {
        ++missing_;
        return -1;
    }
    if (by_->type == ValueType::kBool) return std::get<bool>(value) ? 0 : 1;
    const std::string key = group_label(value);
    const auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    const int index = static_cast<int>(labels_.size());
    index_.emplace(key, index);
    labels_.push_back(key);
    keys_.push_back(value);
    return index;
}

std::vector<size_t> Groups::display_order() const {
    std::vector<size_t> order(labels_.size());
    std::iota(order.begin(), order.end(), 0);
    if (by_ == nullptr || by_->type == ValueType::kBool) return order;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const auto x = as_number(keys_[a]);
        const auto y = as_number(keys_[b]);
        if (x && y) return *x < *y;
        if (x != y) return x.has_value();
        return labels_[a] < labels_[b];
    });
    return order;
}

std::vector<std::string> Groups::labels() const {
    std::vector<std::string> out;
    for (size_t i : display_order())
        out.push_back(labels_[i]);
    return out;
}

}  // namespace dayzero::query
