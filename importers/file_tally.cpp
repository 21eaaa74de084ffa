#include "importers/file_tally.h"

#include <fmt/format.h>

#include <string>

#include "importers/term_match.h"

namespace dayzero::importers {
namespace {

void keep(std::vector<ImportProblem>& into, ImportProblem& problem, size_t max_problems) {
    if (into.size() < max_problems) into.push_back(std::move(problem));
}

void note_unmapped(FileReport& report, const ImportProblem& error) {
    const std::string key = error.field + '\0' + fold_term(error.value);
    auto [it, added] = report.unmapped_index.emplace(key, report.unmapped.size());
    if (added) report.unmapped.push_back({error.field, error.value, 0, error.file, error.line});
    ++report.unmapped[it->second].rows;
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
        for (auto& error : row.errors) {
            if (error.unmapped) note_unmapped(report, error);
            keep(report.errors, error, max_problems);
        }
        return 0;
    }
    if (row.skipped) {
        ++report.rows_skipped;
        if (row.skipped_by_mapping) ++report.rows_skipped_mapping;
    }
    return row.events.size();
}

size_t screen_row(StoredContent& content, std::vector<store::Event>& events, size_t from,
                  const DecodedRow& row, FileReport& report) {
    size_t kept = from;
    size_t stored = 0;
    for (size_t i = from; i < events.size(); ++i) {
        const size_t k = i - from;  // the row's k-th event
        const uint32_t column = k < row.value_columns.size() ? row.value_columns[k] : 0;
        switch (content.classify(events[i], row, column)) {
            case StoredContent::Match::kNew:
                if (kept != i) events[kept] = std::move(events[i]);
                ++kept;
                break;
            case StoredContent::Match::kStored:
                ++stored;
                break;
            case StoredContent::Match::kHeld:
                break;
        }
    }
    if (stored > 0) {
        report.events_already_stored += stored;
        if (stored == events.size() - from) ++report.rows_already_stored;
    }
    events.resize(kept);
    return kept - from;
}

std::string observation_text(const store::Event& e) {
    std::string out(store::kind_name(e.kind));
    if (!e.code.empty()) out += " " + e.code;
    out += fmt::format(" of patient '{}' on day {}", e.patient_id, e.day);
    if (e.minute) out += " at " + store::format_minute(*e.minute);
    return out;
}

void conclude_content(StoredContent& content, const ImportOptions& options, FileReport& report,
                      bool count, std::vector<store::Event>& tail, RejectsWriter* rejects,
                      const std::vector<std::string>& header, std::vector<StoredChange>* found) {
    std::vector<StoredChange> changes;
    if (auto s = content.finish(tail, changes); !s) {
        ImportProblem problem{
            report.path, 0, 0, "", "cannot compare with the store: " + s.message(), ""};
        if (count) {
            ++report.error_count;
            keep(report.errors, problem, options.max_problems);
        }
        return;
    }
    if (found != nullptr) *found = changes;
    for (auto& change : changes) {
        const uint64_t seq = change.stored.seq;
        std::string error;
        if (options.corrections && options.amend) {
            auto amendment = options.amend(seq, change.event);
            if (amendment) {
                amendment->source_line = change.event.source_line;
                tail.push_back(std::move(amendment).value());
                if (count) ++report.events_amended;
                continue;
            }
            error = fmt::format("cannot amend event {} ({}): {}", seq,
                                observation_text(change.stored), amendment.status().message());
        } else {
            // A dose per kg or per m2 written as before, converted with another body size: the
            // row is the same, the weight (or BSA) of its day is not.
            const bool same_as_written =
                !change.event.original.empty() && change.event.original == change.stored.original;
            error = fmt::format(
                "changes the stored {} from {} to {} (event {}){}; to correct it import with "
                "--corrections --reason '...' or run amend {}; --force records it as a second "
                "event",
                observation_text(change.stored), describe_value(change.stored),
                describe_value(change.event), seq,
                same_as_written ? fmt::format(": the row still says {}, converted with another "
                                              "weight_kg or bsa_m2 of its day",
                                              change.event.original)
                                : std::string(),
                seq);
        }
        DecodedRow row;
        row.line = change.event.source_line;
        for (const auto& field : change.fields)
            row.fields.emplace_back(field);
        // The column whose value changed, named as the file's header names it.
        const uint32_t column = change.value_column;
        const std::string field =
            column > 0 && column <= header.size() ? header[column - 1] : std::string();
        row.errors.push_back({report.path, row.line, field.empty() ? 0 : column, field,
                              std::move(error), describe_value(change.event)});
        if (options.lenient && rejects != nullptr) rejects->write(row);
        if (count) {
            ++report.rows_rejected;
            ++report.error_count;
            keep(report.errors, row.errors.front(), options.max_problems);
        }
    }
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

store::Status append_file(FileCommitter& commit, const ImportOptions& options, FileReport& report,
                          const store::EventChunkSource& next,
                          std::function<store::Status(std::string& source)> settle_source) {
    store::TransactionRequest header;
    header.author = options.author;
    header.reason = options.reason;
    header.source = report.source;
    header.settle_source = std::move(settle_source);
    header.recorded_at_us = options.recorded_at_us;
    auto info = commit.commit_file(std::move(header), next);
    if (!info) return info.status();
    report.outcome = FileOutcome::kImported;
    report.events_appended = info->last_seq - info->first_seq + 1;
    report.transaction = info.value();
    return store::Status::ok();
}

}  // namespace dayzero::importers
