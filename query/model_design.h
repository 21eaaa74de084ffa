#pragma once
// The covariates of a model statement, gathered patient by patient and coded as the design
// matrix of dayzero::stats (numbers as they are, yes/no as 1/0, categories as indicators of each
// level against the reference), complete cases only, as R's model.matrix after na.omit.

#include <string>
#include <vector>

#include "query/checked.h"
#include "query/grouping.h"
#include "query/patient_context.h"
#include "stats/regression.h"

namespace dayzero::query {

class ModelDesign {
  public:
    explicit ModelDesign(const std::vector<checked::Covariate>& covariates);

    // Evaluates every covariate for the patient; false (and the patient is left out) when any
    // is missing. Call only for patients whose outcome is known.
    bool add(PatientContext& ctx);
    // Patients left out for a missing covariate.
    int incomplete() const { return incomplete_; }
    // The design of the patients added. Throws QueryError (kData) when a chosen reference
    // level does not occur or a covariate takes a single value.
    stats::Design build() const;
    // "sex: reference female" notes, one per category.
    std::vector<std::string> reference_notes() const;

  private:
    std::string reference_of(size_t k) const;

    const std::vector<checked::Covariate>& covariates_;
    std::vector<Groups> levels_;  // per covariate (categories only are used)
    std::vector<std::vector<Value>> values_;
    int incomplete_ = 0;
};

}  // namespace dayzero::query
