#pragma once
// Counting what a decoder reports for one file into its FileReport, shared by the two-pass
// validation and the single-pass streaming import so both report exactly the same figures.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "importers/import_problem.h"
#include "importers/importer.h"
#include "importers/rejects_writer.h"
#include "importers/row_decoder.h"
#include "importers/stored_content.h"
#include "store/event_store.h"

namespace dayzero::importers {

// tally_row for a row with a problem or skipped (the rest is counted inline).
size_t tally_uncommon_row(FileReport& report, DecodedRow& row, size_t max_problems);

// Adds one decoded row to the counters and keeps its first `max_problems` problems (moved out
// of `row`). Returns the number of events the row contributes (0 for a rejected row).
inline size_t tally_row(FileReport& report, DecodedRow& row, size_t max_problems) {
    if (!row.errors.empty() || !row.warnings.empty() || row.skipped) {
        return tally_uncommon_row(report, row, max_problems);
    }
    ++report.rows_read;
    return row.events.size();
}

// Sets aside the events of an accepted row from `events[from]` on that the store already holds
// (counted in `report`) or that StoredContent holds back; returns how many stay.
size_t screen_row(StoredContent& content, std::vector<store::Event>& events, size_t from,
                  const DecodedRow& row, FileReport& report);

// After the last row, before conclude_validation: decides the held events (StoredContent::finish).
// Additions, and with --corrections the amendments, go to `tail`. A change without --corrections
// is an error on its row naming the old and new values and the value's column (from `header`,
// the file's column names); in lenient mode that row goes to `rejects` (when given). `count`
// false: a second pass, whose figures the first one counted.
// `found` (when given) receives the changes, as StoredContent::finish gave them.
void conclude_content(StoredContent& content, const ImportOptions& options, FileReport& report,
                      bool count, std::vector<store::Event>& tail, RejectsWriter* rejects,
                      const std::vector<std::string>& header,
                      std::vector<StoredChange>* found = nullptr);

// "dose tocilizumab of patient 'S-1' on day 3 at 06:15": an observation, as messages name it.
std::string observation_text(const store::Event& e);

// After the last row: counts the decoder's end-of-file problems and decides whether the file may
// be written. When it may not (the file cannot be read as a whole, or strict mode found errors)
// the report becomes kRejected with its one-line message and false is returned.
bool conclude_validation(FileReport& report, RowDecoder& decoder, bool lenient,
                         size_t max_problems);

// Appends what `next` yields as the file's one transaction (author, reason and clock from
// `options`, source = report.source, or what `settle_source` gives before the store's first
// write when set: store::TransactionRequest::settle_source); on success sets the outcome, count
// and transaction.
store::Status append_file(FileCommitter& commit, const ImportOptions& options, FileReport& report,
                          const store::EventChunkSource& next,
                          std::function<store::Status(std::string& source)> settle_source = {});

}  // namespace dayzero::importers
