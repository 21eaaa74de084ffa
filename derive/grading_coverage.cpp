#include "derive/grading_coverage.h"

#include "derive/measures_builder.h"

namespace dayzero::derive {

GradingCoverage rows_coverage(const std::vector<DailyGrade>& rows) {
    GradingCoverage c;
    c.window_days = static_cast<int>(rows.size());
    for (const auto& row : rows) {
        if (row.tmax_c) ++c.temperature_days;
        if (row.treatment) ++c.dose_days;
        if (row.crs_death) c.crs_death = true;
    }
    return c;
}

namespace detail {

GradingCoverage grading_coverage(const TimelineView& view, const std::vector<DailyGrade>& rows) {
    GradingCoverage c = rows_coverage(rows);
    if (rows.empty()) return c;
    const int first = rows.front().day;
    const int last = rows.back().day;
    // One flag byte per window day: bit 0 sbp, bit 1 oxygen, bit 2 vasopressor or fluids.
    std::vector<uint8_t> seen(rows.size(), 0);
    for (size_t i = 0; i < view.size(); ++i) {
        const store::Event& event = view[i];
        if (event.day < first || event.day > last) continue;
        uint8_t bit = 0;
        switch (event.kind) {
            case store::EventKind::kSbp:
                bit = 1;
                break;
            case store::EventKind::kOxygen:
                bit = 2;
                break;
            case store::EventKind::kVasopressorStart:
            case store::EventKind::kVasopressorStop:
            case store::EventKind::kHypotensionFluids:
                bit = 4;
                break;
            default:
                continue;
        }
        seen[static_cast<size_t>(event.day - first)] |= bit;
    }
    for (const uint8_t flags : seen) {
        c.sbp_days += (flags & 1) != 0;
        c.oxygen_days += (flags & 2) != 0;
        c.vasopressor_days += (flags & 4) != 0;
    }
    return c;
}

}  // namespace detail
}  // namespace dayzero::derive
