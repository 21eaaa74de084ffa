#include "generator/cohort_generator.h"

#include <filesystem>
#include <fstream>
#include <memory>

#include "generator/long_csv_writer.h"
#include "generator/patient_planner.h"
#include "generator/sdtm_writer.h"
#include "generator/timeline_renderer.h"

namespace dayzero::generator {

namespace fs = std::filesystem;

int id_width(uint64_t patients) {
    int width = 1;
    for (uint64_t n = patients; n >= 10; n /= 10)
        ++width;
    return std::max(4, width);
}

GeneratedPatient generate_patient(uint64_t seed, uint64_t index, uint64_t patients) {
    GeneratedPatient patient;
    patient.plan = plan_patient(seed, index, id_width(patients));
    patient.events = render_timeline(patient.plan);
    return patient;
}

std::optional<OutputFormat> parse_output_format(std::string_view text) {
    if (text == "long") return OutputFormat::kLong;
    if (text == "sdtm") return OutputFormat::kSdtm;
    if (text == "both") return OutputFormat::kBoth;
    return std::nullopt;
}

store::Status write_cohort(const GeneratorOptions& options, CohortSummary* summary,
                           const PatientObserver& observer) {
    const fs::path dir = options.out_dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return store::Status::io_error("cannot create " + dir.string() + ": " + ec.message());
    CohortSummary result;
    std::ofstream long_file;
    std::unique_ptr<LongCsvWriter> long_writer;
    if (options.format != OutputFormat::kSdtm) {
        const fs::path path = dir / "events.csv";
        long_file.open(path, std::ios::binary | std::ios::trunc);
        if (!long_file) return store::Status::io_error("cannot write " + path.string());
        long_writer = std::make_unique<LongCsvWriter>(long_file);
        result.files.push_back(path.string());
    }
    std::unique_ptr<SdtmWriter> sdtm_writer;
    if (options.format != OutputFormat::kLong) {
        sdtm_writer = std::make_unique<SdtmWriter>();
        if (store::Status s = sdtm_writer->open(dir / "sdtm"); !s) return s;
        for (const std::string& f : sdtm_writer->files())
            result.files.push_back(f);
    }
    for (uint64_t i = 0; i < options.patients; ++i) {
        const GeneratedPatient patient = generate_patient(options.seed, i, options.patients);
        if (long_writer) long_writer->write(patient.events);
        if (sdtm_writer) sdtm_writer->write(patient.plan, patient.events);
        if (observer) observer(patient);
        result.events += patient.events.size();
        ++result.patients;
    }
    if (long_writer) {
        long_file.flush();
        if (!long_file) {
            return store::Status::io_error("write failed: " + (dir / "events.csv").string());
        }
    }
    if (sdtm_writer) {
        if (store::Status s = sdtm_writer->close(); !s) return s;
    }
    if (summary) *summary = std::move(result);
    return store::Status::ok();
}

}  // namespace dayzero::generator
