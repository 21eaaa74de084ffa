#include "shell/patient_scan.h"

namespace dayzero::shell {

namespace {

constexpr uint64_t kProgressEvery = 250;  // patients between progress reports

}  // namespace

store::Status scan_patients(const store::EventStore& store, const store::AsOf& as_of,
                            const std::atomic<bool>* interrupt,
                            const query::QueryEngine::ProgressFn& progress,
                            const PatientFn& visit) {
    uint64_t total = 0;
    if (progress && as_of.is_now()) {
        // The present patient count; a past view may hold fewer, so it is not used there.
        if (auto stats = store.stats(); stats.is_ok()) total = stats->patients;
    }
    uint64_t done = 0;
    bool stopped = false;
    const store::Status status = store.for_each_patient(
        [&](const std::string& patient, std::vector<store::Event>& events) {
            if (interrupt != nullptr && interrupt->load()) {
                stopped = true;
                return false;
            }
            visit(patient, events);
            if (progress && ++done % kProgressEvery == 0) progress(done, total);
            return true;
        },
        as_of);
    if (stopped) return store::Status::interrupted("Interrupted");
    return status;
}

}  // namespace dayzero::shell
