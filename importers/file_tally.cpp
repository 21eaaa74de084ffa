#include "importers/file_tally.h"

#include <string>

namespace dayzero::importers {
namespace {

void keep(std::vector<ImportProblem>& into, ImportProblem& problem, size_t max_problems) {
    if (into.size() < max_problems) into.push_back(std::move(problem));
}

}  // namespace

size_t tally_uncommon_row(FileReport& report, DecodedRow& row, size_t max_problems) {
    ++report.rows_read;
    report.warning_count += row.warnings.size();
    for (auto& warning : row.warnings)
        keep(report.warnings, warning, max_problems);
    if (!row.errors.empty()) {
        ++report.rows_rejected;
        report.error_count += row.errors.size();
        for (auto& error : row.errors)
            keep(report.errors, error, max_problems);
        return 0;
    }
    if (row.skipped) ++report.rows_skipped;
    return row.events.size();
}

bool conclude_validation(FileReport& report, RowDecoder& decoder, bool lenient,
                         size_t max_problems) {
    const bool file_failed = decoder.file_failed();
    for (auto& problem : decoder.finish()) {
        ++report.error_count;
        // Deferred body-size errors belong to a row; in lenient mode pass 2 rejects that row.
        if (!file_failed) ++report.rows_rejected;
        keep(report.errors, problem, max_problems);
    }
    if (file_failed) {
        report.outcome = FileOutcome::kRejected;
        report.message = "the file cannot be read as a whole; nothing was imported";
        return false;
    }
    if (report.error_count > 0 && !lenient) {
        report.outcome = FileOutcome::kRejected;
        report.message = std::to_string(report.error_count) + " error(s) in " +
                         std::to_string(report.rows_rejected) +
                         " row(s); nothing was imported (strict mode; --lenient imports the "
                         "good rows)";
        return false;
    }
    return true;
}

store::Status append_file(store::EventStore& store, const ImportOptions& options,
                          FileReport& report, const store::EventChunkSource& next) {
    store::TransactionRequest header;
    header.author = options.author;
    header.reason = options.reason;
    header.source = report.source;
    header.recorded_at_us = options.recorded_at_us;
    auto info = store.append_chunked(std::move(header), next, options.written_chunks);
    if (!info) return info.status();
    report.outcome = FileOutcome::kImported;
    report.events_appended = info->last_seq - info->first_seq + 1;
    report.transaction = info.value();
    return store::Status::ok();
}

}  // namespace dayzero::importers
