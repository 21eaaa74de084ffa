#include "stats/stats_common.h"

#include <cmath>

namespace dayzero::stats {

std::string alternative_name(Alternative alternative) {
    switch (alternative) {
        case Alternative::kLess:
            return "less";
        case Alternative::kGreater:
            return "greater";
        case Alternative::kTwoSided:
            break;
    }
    return "two.sided";
}

std::vector<double> drop_nan(const std::vector<double>& values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (const double v : values) {
        if (!std::isnan(v)) out.push_back(v);
    }
    return out;
}

std::string not_computable_reason(const std::string& reason) {
    return "not computable: " + reason;
}

}  // namespace dayzero::stats
