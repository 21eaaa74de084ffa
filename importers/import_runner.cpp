#include "importers/import_runner.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "importers/csv_reader.h"
#include "importers/json_file.h"
#include "importers/long_decoder.h"
#include "importers/problems_file.h"
#include "importers/sdtm_study.h"
#include "importers/text_util.h"
#include "importers/wide_decoder.h"

namespace dayzero::importers {
namespace {

namespace fs = std::filesystem;

constexpr size_t kWarningsShown = 10;

// Guesses a file's format from its header row.
ImportFormat sniff(const std::string& path) {
    auto reader = CsvReader::open(path);
    if (!reader) return ImportFormat::kAuto;
    CsvRecord header;
    if (!(*reader)->next(header)) return ImportFormat::kAuto;
    bool patient = false, kind = false, usubjid = false;
    for (auto field : header.fields) {
        patient = patient || iequals(trim(field), "patient_id");
        kind = kind || iequals(trim(field), "kind");
        usubjid = usubjid || iequals(trim(field), "USUBJID");
    }
    if (patient && kind) return ImportFormat::kLong;
    if (usubjid) return ImportFormat::kSdtm;
    return ImportFormat::kAuto;
}

std::vector<std::string> csv_files_in(const fs::path& folder) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_regular_file() && iequals(entry.path().extension().string(), ".csv") &&
            entry.path().string().find(".rejects.csv") == std::string::npos) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string utc_text(int64_t micros) {
    std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

std::string seconds_text(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", seconds);
    return buf;
}

// Each distinct unmapped term once, with its domain, variable, row count and first place.
void print_unmapped(const FileReport& report, std::ostream& err) {
    if (report.unmapped.empty()) return;
    err << report.path << ": " << report.unmapped.size()
        << " term(s) not in the mapping (add each to a copy of the mapping with its target, or "
           "\"skip\"; dayzero import --write-mapping FILE writes one):\n";
    for (const auto& term : report.unmapped) {
        err << "  " << term.variable.substr(0, 2) << " " << term.variable << " '" << term.term
            << "': " << term.rows << " row(s), first at " << term.file << ":" << term.line << "\n";
    }
}

bool written(const FileReport& report) {
    return report.outcome == FileOutcome::kImported ||
           report.outcome == FileOutcome::kNothingToImport;
}

// The row outcomes of one file, every class counted. Valid rows of a file that was not written
// (strict mode: another row or file failed) are "valid, not written", never "imported".
std::string outcome_counts(const FileReport& report) {
    std::string out = std::to_string(rows_imported(report)) +
                      (written(report) ? " imported" : " valid but not written");
    if (report.rows_already_stored > 0)
        out += ", " + std::to_string(report.rows_already_stored) + " already in the store";
    out += ", " + std::to_string(report.rows_skipped_mapping) + " skipped by the mapping, " +
           std::to_string(report.rows_skipped - report.rows_skipped_mapping) +
           " skipped by data rules, " + std::to_string(report.rows_rejected) + " rejected";
    return out;
}

void print_report(const FileReport& report, size_t max_problems, std::ostream& out,
                  std::ostream& err) {
    uint64_t unmapped_rows = 0;  // one error each, listed once per term below
    for (const auto& term : report.unmapped)
        unmapped_rows += term.rows;
    uint64_t shown = 0;
    for (const auto& problem : report.errors) {
        if (problem.unmapped || shown >= max_problems) continue;
        err << problem.to_string() << "\n";
        ++shown;
    }
    const uint64_t other_errors =
        report.error_count > unmapped_rows ? report.error_count - unmapped_rows : 0;
    if (other_errors > shown) {
        err << report.path << ": ... and " << other_errors - shown
            << " more error(s) (showing the first " << max_problems
            << "; --problems FILE writes them all)\n";
    }
    print_unmapped(report, err);
    for (size_t i = 0; i < report.warnings.size() && i < kWarningsShown; ++i) {
        err << "warning: " << report.warnings[i].to_string() << "\n";
    }
    if (report.warning_count > kWarningsShown) {
        err << "warning: " << report.path << ": ... and " << report.warning_count - kWarningsShown
            << " more warning(s) (--problems FILE writes them all)\n";
    }
    switch (report.outcome) {
        case FileOutcome::kImported:
        case FileOutcome::kNothingToImport: {
            out << report.path << ": ";
            if (report.outcome == FileOutcome::kImported) {
                out << "imported " << report.events_appended << " events from " << report.rows_read
                    << " rows in transaction " << report.transaction->tx;
            } else if (report.rows_already_stored > 0) {
                out << "nothing new (" << report.rows_read << " rows, "
                    << report.rows_already_stored << " already in the store)";
            } else {
                out << "nothing to import (" << report.rows_read << " rows, none became events)";
            }
            out << " (rows: " << outcome_counts(report);
            if (!report.rejects_path.empty()) out << " -> " << report.rejects_path;
            out << "; " << report.warning_count << " warnings";
            if (report.events_amended > 0) {
                out << ", " << report.events_amended << " stored values amended";
            }
            out << ")\n";
            if (!report.message.empty()) err << report.path << ": " << report.message << "\n";
            break;
        }
        case FileOutcome::kAlreadyImported:
            out << report.path << ": already imported in transaction " << report.transaction->tx
                << " on " << utc_text(report.transaction->recorded_at_us) << " (" << report.source
                << "); nothing to do (--force imports it again)\n";
            break;
        case FileOutcome::kRejected:
        case FileOutcome::kFailed:
            err << report.path << ": " << report.message << "\n";
            if (report.rows_read > 0) {
                err << report.path << ": rows: " << outcome_counts(report) << "; "
                    << report.warning_count << " warnings\n";
            }
            break;
    }
}

}  // namespace

bool parse_import_format(const std::string& text, ImportFormat& format) {
    if (iequals(text, "long"))
        format = ImportFormat::kLong;
    else if (iequals(text, "sdtm"))
        format = ImportFormat::kSdtm;
    else if (iequals(text, "wide"))
        format = ImportFormat::kWide;
    else if (iequals(text, "auto"))
        format = ImportFormat::kAuto;
    else
        return false;
    return true;
}

bool write_study_mapping(const std::vector<std::string>& inputs, const RunOptions& options,
                         const std::string& path, std::ostream& out, std::ostream& err) {
    std::vector<std::string> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            for (auto& file : csv_files_in(input))
                files.push_back(file);
        } else {
            files.push_back(input);
        }
    }
    SdtmOptions sdtm;
    sdtm.mapping_path = options.mapping;
    sdtm.day0 = options.day0;
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load(files, sdtm, ignored);
    if (!study) {
        err << "dayzero import: " << study.status().message() << "\n";
        return false;
    }
    const std::string base_path =
        options.mapping.empty() ? SdtmMapping::default_path() : options.mapping;
    auto base = read_json_object(base_path);
    if (!base) {
        err << "dayzero import: " << base.status().message() << "\n";
        return false;
    }
    nlohmann::ordered_json doc;  // the base as it was, then the study's terms
    for (const auto& [key, value] : base.value().items())
        doc[key] = value;
    const auto terms = (*study)->unmapped_terms();
    for (const auto& term : terms) {
        const std::string where = fs::path(term.file).filename().string() + ":" +
                                  std::to_string(term.line) + " (" + term.variable + ", " +
                                  std::to_string(term.rows) + " row(s))";
        if (term.section == "death_causes") {
            doc["death_causes"][term.term] =
                std::string(kPlaceholder) + ": crs, infection, relapse or other; first at " + where;
        } else {
            doc[term.section][term.term] = {{"kind", kPlaceholder}, {"first", where}};
        }
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << doc.dump(2) << "\n";
    file.close();
    if (!file) {
        err << "dayzero import: cannot write the mapping file " << path << "\n";
        return false;
    }
    out << "wrote " << path << ": the mapping " << base_path << " and " << terms.size()
        << " term(s) of this study it does not map, marked \"" << kPlaceholder << "\"\n";
    for (const auto& term : terms) {
        out << "  " << term.section << " " << term.variable << " '" << term.term
            << "': " << term.rows << " row(s), first at " << term.file << ":" << term.line << "\n";
    }
    if (!terms.empty()) {
        out << "Give each a target (or \"skip\"), then: dayzero import --mapping " << path
            << " FOLDER\n";
    }
    return true;
}

RunSummary run_import(const store::EventStore& store, FileCommitter& commit,
                      const std::vector<std::string>& inputs, const RunOptions& options,
                      std::ostream& out, std::ostream& err) {
    const auto start = std::chrono::steady_clock::now();
    RunSummary summary;
    std::vector<ImportJob> jobs;          // long and wide files, imported one by one
    std::vector<std::string> sdtm_files;  // one study, all or nothing in strict mode
    std::shared_ptr<WideMapping> wide_mapping;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            const auto files = csv_files_in(input);
            if (files.empty()) {  // a mistyped or unfilled folder is not a successful import
                err << "dayzero import: no .csv files in " << input << "\n";
                summary.ok = false;
            }
            for (auto& file : files)
                sdtm_files.push_back(file);
            continue;
        }
        // A pipe (`<(cat f.csv)`), a device or a socket is refused before anything reads it:
        // reading one would block, or consume what the import then could not read again (the
        // digest, a second pass).
        if (const auto status = fs::status(input, ec);
            !ec && fs::exists(status) && !fs::is_regular_file(status)) {
            err << input << ":0:0: not a regular file (a pipe, device or socket); "
                << "import a file saved to disk\n";
            summary.ok = false;
            continue;
        }
        ImportFormat format = options.format != ImportFormat::kAuto ? options.format : sniff(input);
        if (format == ImportFormat::kAuto && !options.mapping.empty() && fs::exists(input, ec)) {
            format = ImportFormat::kWide;  // a header we do not know, with a mapping: a wide sheet
        }
        if (format == ImportFormat::kLong ||
            (format == ImportFormat::kAuto && !fs::exists(input))) {
            jobs.push_back(
                {input, [input](const DecodeOptions& o) { return make_long_decoder(input, o); }});
        } else if (format == ImportFormat::kSdtm) {
            sdtm_files.push_back(input);
        } else if (format == ImportFormat::kWide) {
            if (!wide_mapping) {
                auto loaded = WideMapping::load(options.mapping);
                if (!loaded) {
                    err << "dayzero import: " << loaded.status().message() << "\n";
                    summary.ok = false;
                    return summary;
                }
                wide_mapping = std::make_shared<WideMapping>(std::move(loaded.value()));
            }
            jobs.push_back({input, [input, wide_mapping](const DecodeOptions& o) {
                                return make_wide_decoder(input, *wide_mapping, o);
                            }});
        } else {
            err << input
                << ":1:0: cannot tell the format from the header (long format needs "
                   "patient_id and kind, SDTM needs USUBJID); use --format\n";
            summary.ok = false;
        }
    }
    ImportOptions import_options = options.import;
    import_options.keep_all_problems = !options.problems_path.empty();
    Importer importer(store, commit, import_options);
    std::vector<FileReport> reports;
    for (const auto& job : jobs)
        reports.push_back(importer.import(job));
    if (!sdtm_files.empty()) {
        SdtmOptions sdtm;
        sdtm.mapping_path = options.format == ImportFormat::kWide ? "" : options.mapping;
        sdtm.day0 = options.day0;
        std::vector<std::string> ignored;
        auto study = SdtmStudy::load(sdtm_files, sdtm, ignored);
        for (const auto& note : ignored)
            err << "note: " << note << "\n";
        if (!study) {
            err << "dayzero import: " << study.status().message() << "\n";
            summary.ok = false;
        } else {
            std::vector<ImportJob> study_jobs;
            std::shared_ptr<SdtmStudy> shared = study.value();
            for (const auto& path : shared->files()) {
                study_jobs.push_back({path,
                                      [shared, path](const DecodeOptions& o) {
                                          return shared->make_decoder(path, o);
                                      },
                                      shared->decodes_alone(path), shared->stamp(path)});
            }
            // The study's files after its first add their events to pages already stored, which
            // the store keeps in its memtable beside the chunks in flight; its chunks are the
            // long import's, small enough that its peak memory stays near the long import's.
            Importer study_importer(store, commit, import_options);
            commit.patients_span_files();
            for (auto& report : study_importer.import_all(study_jobs, !options.import.lenient)) {
                reports.push_back(std::move(report));
            }
        }
    }
    for (const auto& report : reports) {
        print_report(report, options.import.max_problems, out, err);
        ++summary.files;
        summary.rows_read += report.rows_read;
        summary.events_appended += report.events_appended;
        summary.rows_already_stored += report.rows_already_stored;
        summary.events_amended += report.events_amended;
        summary.rows_rejected += report.rows_rejected;
        (written(report) ? summary.rows_imported : summary.rows_not_written) +=
            rows_imported(report);
        summary.rows_skipped_mapping += report.rows_skipped_mapping;
        summary.rows_skipped_rules += report.rows_skipped - report.rows_skipped_mapping;
        summary.warnings += report.warning_count;
        if (report.outcome == FileOutcome::kRejected || report.outcome == FileOutcome::kFailed) {
            summary.ok = false;
        }
    }
    if (!options.problems_path.empty()) {
        if (auto written = write_problems_file(options.problems_path, reports); !written) {
            err << "dayzero import: " << written.message() << "\n";
            summary.ok = false;
        } else {
            out << "Problems: every error and warning in " << options.problems_path << "\n";
        }
    }
    summary.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = summary.elapsed_seconds > 0
                            ? static_cast<double>(summary.events_appended) / summary.elapsed_seconds
                            : 0;
    out << "Summary: " << summary.files << " file(s), " << summary.rows_read << " rows read ("
        << summary.rows_imported << " imported, ";
    if (summary.rows_already_stored > 0)
        out << summary.rows_already_stored << " already in the store, ";
    out << summary.rows_skipped_mapping << " skipped by the mapping, " << summary.rows_skipped_rules
        << " skipped by data rules, " << summary.rows_rejected << " rejected";
    if (summary.rows_not_written > 0)
        out << ", " << summary.rows_not_written << " valid but not written";
    out << "), " << summary.events_appended << " events appended, ";
    if (summary.events_amended > 0) out << summary.events_amended << " amended, ";
    out << summary.warnings << " warnings, " << seconds_text(summary.elapsed_seconds) << ", "
        << static_cast<uint64_t>(rate) << " events/s\n";
    summary.reports = std::move(reports);
    return summary;
}

}  // namespace dayzero::importers
