#pragma once
// SdtmWriter: writes generated patients as CDISC SDTM domains in CSV (DM, VS, LB, EX, CM, PR,
// AE, RS, DS), describing the same events as the long CSV, with dates computed from each
// patient's infusion date and a few quirks of real exports (°F at one site, NOT DONE rows).

#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "generator/patient_plan.h"
#include "store/event.h"
#include "store/status.h"

namespace dayzero::generator {

// The study identifier written in every domain.
inline constexpr const char* kStudyId = "DZCART01";

class SdtmWriter {
  public:
    SdtmWriter() = default;
    SdtmWriter(const SdtmWriter&) = delete;
    SdtmWriter& operator=(const SdtmWriter&) = delete;

    // Creates `dir` and one <DOMAIN>.csv per domain with its header.
    store::Status open(const std::filesystem::path& dir);
    // Paths of the domain files, in domain order.
    const std::vector<std::string>& files() const { return paths_; }
    // Appends one patient's records to every domain.
    void write(const PatientPlan& plan, const std::vector<store::Event>& events);
    // Flushes and closes the files; an error names the file that failed.
    store::Status close();

  private:
    enum Domain { kDm, kVs, kLb, kEx, kCm, kPr, kAe, kRs, kDs, kDomainCount };
    std::array<std::ofstream, kDomainCount> out_;
    std::vector<std::string> paths_;
};

// ISO 8601 date ("2022-03-14") of `epoch_day` days after 1970-01-01.
std::string iso_date(int64_t epoch_day);

}  // namespace dayzero::generator
