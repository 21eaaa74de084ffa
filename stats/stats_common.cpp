#include "stats/stats_common.h"

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

std::string not_computable_reason(const std::string& reason) {
    return "not computable: " + reason;
}

}  // namespace dayzero::stats
