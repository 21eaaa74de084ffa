#pragma once
// BodySizeFacts and BodySizeResolver: converting per-body-size doses (mg/kg, mg/m2) to mg with
// the patient's recorded weight or body surface area, from the same file or from the store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "importers/import_problem.h"
#include "store/event.h"

namespace dayzero::importers {

// Per patient and attribute, the values recorded with their day.
class BodySizeFacts {
  public:
    // Records a baseline event if it is a body-size attribute (weight_kg, bsa_m2) with a value.
    void observe(const store::Event& event) {
        if (event.kind == store::EventKind::kBaseline && event.value) remember(event);
    }
    // The value on the latest day on or before `day`, else the earliest one; nullopt if none.
    std::optional<double> find(const std::string& patient, const std::string& attribute,
                               int32_t day) const;

  private:
    // observe() for a baseline event with a value.
    void remember(const store::Event& event);

    std::map<std::pair<std::string, std::string>, std::vector<std::pair<int32_t, double>>> facts_;
};

}  // namespace dayzero::importers
