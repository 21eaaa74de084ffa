#pragma once
// run_import: what `dayzero import` (and the shell's .import) does with a list of inputs: detect
// each file's format, group SDTM domain files into one study, import, and report.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "importers/importer.h"
#include "store/event_store.h"

namespace dayzero::importers {

enum class ImportFormat { kAuto, kLong, kSdtm, kWide };

// Parses "long", "sdtm", "wide" or "auto"; false if unknown.
bool parse_import_format(const std::string& text, ImportFormat& format);

struct RunOptions {
    ImportFormat format = ImportFormat::kAuto;
    std::string mapping;  // SDTM mapping (optional) or wide-sheet mapping (required for wide)
    std::string day0;     // SDTM day-0 rule: "" (CAR-T EX record), "RFXSTDTC" or an EXTRT name
    std::string problems_path;  // --problems FILE: every error and warning of every file as CSV
    ImportOptions import;
};

struct RunSummary {
    uint64_t files = 0;
    uint64_t rows_read = 0;
    uint64_t events_appended = 0;
    uint64_t rows_already_stored = 0;  // rows the store already held (cumulative exports)
    uint64_t events_amended = 0;       // --corrections
    uint64_t rows_rejected = 0;
    uint64_t rows_imported = 0;         // rows that became events
    uint64_t rows_not_written = 0;      // valid rows of files that were not written (strict)
    uint64_t rows_skipped_mapping = 0;  // the mapping says skip
    uint64_t rows_skipped_rules = 0;    // a documented data rule (NOT DONE, partial date, ...)
    uint64_t warnings = 0;
    double elapsed_seconds = 0;
    bool ok = true;  // false if any file was rejected or failed
    std::vector<FileReport> reports;
};

// `dayzero import --write-mapping FILE FOLDER`: writes the SDTM mapping of the study in `inputs`
// to `path`: the base mapping (options.mapping, else the defaults) plus every term of the study it
// does not map, each marked kPlaceholder (a mapping with one does not load) with its row count
// and first place. Reports what it wrote to `out`; false (with the reason on `err`) on failure.
bool write_study_mapping(const std::vector<std::string>& inputs, const RunOptions& options,
                         const std::string& path, std::ostream& out, std::ostream& err);

// Imports every input (a CSV file, or a folder of SDTM domain CSVs), writing problems and
// warnings to `err` and one line per file plus a summary to `out`; reads `store` and writes each
// file through `commit`. Never throws.
RunSummary run_import(const store::EventStore& store, FileCommitter& commit,
                      const std::vector<std::string>& inputs, const RunOptions& options,
                      std::ostream& out, std::ostream& err);

}  // namespace dayzero::importers
