#include "examples/generator/sdtm_writer.h"

#include <chrono>

#include <fmt/format.h>

namespace dayzero::generator {

std::string iso_date(int64_t epoch_day) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{epoch_day}}};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

store::Status SdtmWriter::open(const std::filesystem::path&) { return store::Status::ok(); }
void SdtmWriter::write(const PatientPlan&, const std::vector<store::Event>&) {}
store::Status SdtmWriter::close() { return store::Status::ok(); }

}  // namespace dayzero::generator
