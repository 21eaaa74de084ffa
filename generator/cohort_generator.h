#pragma once
// The generator facade: patient by patient (never the whole cohort in memory), plan and render
// synthetic CAR-T patients and write them as the canonical long CSV and/or SDTM domains.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/patient_plan.h"
#include "store/event.h"
#include "store/status.h"

namespace dayzero::generator {

enum class OutputFormat { kLong, kSdtm, kBoth };

struct GeneratorOptions {
    uint64_t patients = 45;
    uint64_t seed = 45;
    std::string out_dir;
    OutputFormat format = OutputFormat::kBoth;
};

struct GeneratedPatient;

// Called with each patient after it is written (e.g. to accumulate statistics).
using PatientObserver = std::function<void(const GeneratedPatient&)>;

// One generated patient: the latent plan and the events it renders to.
struct GeneratedPatient {
    PatientPlan plan;
    std::vector<store::Event> events;
};

// What write_cohort produced.
struct CohortSummary {
    uint64_t patients = 0;
    uint64_t events = 0;
    std::vector<std::string> files;  // paths written
};

// Digits in the patient ids of a cohort of `patients` (at least 4: "P0001").
int id_width(uint64_t patients);

// Patient `index` (0-based) of the cohort with `seed` and `patients` members; deterministic.
GeneratedPatient generate_patient(uint64_t seed, uint64_t index, uint64_t patients);

// Parses "long", "sdtm" or "both"; nullopt otherwise.
std::optional<OutputFormat> parse_output_format(std::string_view text);

// Writes the cohort to options.out_dir (created if needed): events.csv and/or sdtm/<DOMAIN>.csv.
// Fails with a message naming the path when a file cannot be written.
store::Status write_cohort(const GeneratorOptions& options, CohortSummary* summary,
                           const PatientObserver& observer = {});

}  // namespace dayzero::generator
