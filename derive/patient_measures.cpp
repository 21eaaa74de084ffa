#include "derive/patient_measures.h"

namespace dayzero::derive {

std::optional<double> SurvivalTime::months() const {
    if (!days) return std::nullopt;
    return static_cast<double>(*days) / kDaysPerMonth;
}

}  // namespace dayzero::derive
