// Two passes per file. Pass 1 decodes everything without keeping events: it counts rows, keeps
// the first problems and learns every body-size fact (weights) in the file. Pass 2 decodes again
// knowing those facts and streams events to EventStore::append_chunked in chunks of
// ImportOptions::chunk_events, so the importer itself holds one chunk at a time.
#include "importers/importer.h"

#include <chrono>
#include <cstdio>

#include "importers/file_digest.h"
#include "importers/progress_meter.h"
#include "importers/rejects_writer.h"

namespace dayzero::importers {

struct Importer::Prepared {
    FileReport report;
    BodySizeFacts facts;
    uint64_t events_expected = 0;
    bool writable = false;
    std::chrono::steady_clock::time_point start;
};

const char* outcome_name(FileOutcome outcome) {
    switch (outcome) {
        case FileOutcome::kImported:
            return "imported";
        case FileOutcome::kNothingToImport:
            return "nothing to import";
        case FileOutcome::kAlreadyImported:
            return "already imported";
        case FileOutcome::kRejected:
            return "rejected";
        case FileOutcome::kFailed:
            return "failed";
    }
    return "failed";
}

bool Importer::show_progress(uint64_t total_bytes) const {
    constexpr uint64_t kProgressMinBytes = uint64_t{4} << 20;  // small files finish at once
    return options_.progress && total_bytes >= kProgressMinBytes;
}

Importer::Importer(store::EventStore& store, ImportOptions options)
    : store_(store), options_(std::move(options)) {
    decode_options_.allow_any_day = options_.allow_any_day;
    decode_options_.external = [this](const std::string& patient, const std::string& attribute) {
        return stored_attribute(patient, attribute);
    };
}

std::optional<double> Importer::stored_attribute(const std::string& patient,
                                                 const std::string& attribute) {
    auto key = std::make_pair(patient, attribute);
    auto cached = attribute_cache_.find(key);
    if (cached != attribute_cache_.end()) return cached->second;
    std::optional<double> found;
    auto timeline = store_.timeline(patient);
    if (timeline) {
        for (const auto& event : timeline.value()) {  // timeline order: the latest value wins
            if (event.kind == store::EventKind::kBaseline && event.code == attribute &&
                event.value) {
                found = event.value;
            }
        }
    }
    attribute_cache_[key] = found;
    return found;
}

Importer::Prepared Importer::validate(const ImportJob& job) {
    Prepared prepared;
    prepared.start = std::chrono::steady_clock::now();
    FileReport& report = prepared.report;
    report.path = job.path;
    auto digest = file_digest(job.path);
    if (!digest) {
        report.outcome = FileOutcome::kFailed;
        report.message = digest.status().message();
        return prepared;
    }
    report.source = digest.value();
    if (auto earlier = store_.find_import(report.source); earlier && !options_.force) {
        report.outcome = FileOutcome::kAlreadyImported;
        report.transaction = earlier;
        return prepared;
    }
    auto decoder = job.make(decode_options_);
    if (!decoder) {
        report.outcome = FileOutcome::kFailed;
        report.message = decoder.status().message();
        return prepared;
    }
    ProgressMeter meter(stderr, show_progress((*decoder)->total_bytes()), "validating " + job.path,
                        (*decoder)->total_bytes());
    auto keep = [this](std::vector<ImportProblem>& into, ImportProblem& problem) {
        if (into.size() < options_.max_problems) into.push_back(std::move(problem));
    };
    DecodedRow row;
    while ((*decoder)->next(row)) {
        ++report.rows_read;
        report.warning_count += row.warnings.size();
        for (auto& warning : row.warnings)
            keep(report.warnings, warning);
        if (!row.errors.empty()) {
            ++report.rows_rejected;
            report.error_count += row.errors.size();
            for (auto& error : row.errors)
                keep(report.errors, error);
        } else {
            if (row.skipped) ++report.rows_skipped;
            prepared.events_expected += row.events.size();
        }
        if ((report.rows_read & 0xFFF) == 0) {
            meter.update(report.rows_read, (*decoder)->bytes_consumed());
        }
    }
    meter.finish();
    const bool file_failed = (*decoder)->file_failed();
    for (auto& problem : (*decoder)->finish()) {
        ++report.error_count;
        // Deferred body-size errors belong to a row; in lenient mode pass 2 rejects that row.
        if (!file_failed) ++report.rows_rejected;
        keep(report.errors, problem);
    }
    prepared.facts = (*decoder)->body_size_facts();
    if (file_failed) {
        report.outcome = FileOutcome::kRejected;
        report.message = "the file cannot be read as a whole; nothing was imported";
        return prepared;
    }
    if (report.error_count > 0 && !options_.lenient) {
        report.outcome = FileOutcome::kRejected;
        report.message = std::to_string(report.error_count) + " error(s) in " +
                         std::to_string(report.rows_rejected) +
                         " row(s); nothing was imported (strict mode; --lenient imports the "
                         "good rows)";
        return prepared;
    }
    prepared.writable = true;
    return prepared;
}

void Importer::write(const ImportJob& job, Prepared& prepared) {
    FileReport& report = prepared.report;
    DecodeOptions options = decode_options_;
    options.known_body_size = &prepared.facts;
    auto decoder = job.make(options);
    if (!decoder) {
        report.outcome = FileOutcome::kFailed;
        report.message = decoder.status().message();
        return;
    }
    RejectsWriter rejects(RejectsWriter::path_for(job.path), (*decoder)->header());
    ProgressMeter meter(stderr, show_progress((*decoder)->total_bytes()), "importing " + job.path,
                        (*decoder)->total_bytes());
    DecodedRow row;
    uint64_t rows_seen = 0;
    uint64_t rejected = 0;
    bool rejects_failed = false;
    const std::string path = job.path;
    store::EventChunkSource next = [&](std::vector<store::Event>& chunk) -> store::Status {
        while (chunk.size() < options_.chunk_events) {
            if (!(*decoder)->next(row)) {
                if ((*decoder)->file_failed() || rows_seen != report.rows_read) {
                    return store::Status::invalid_argument(
                        path + " changed while it was being imported; nothing was written");
                }
                return store::Status::ok();
            }
            ++rows_seen;
            if ((rows_seen & 0xFFF) == 0) meter.update(rows_seen, (*decoder)->bytes_consumed());
            if (!row.errors.empty()) {
                if (!options_.lenient) {
                    return store::Status::invalid_argument(
                        path + " changed while it was being imported (line " +
                        std::to_string(row.line) + "); nothing was written");
                }
                ++rejected;
                if (!rejects.write(row)) rejects_failed = true;
                continue;
            }
            for (auto& event : row.events) {
                event.source = report.source;
                chunk.push_back(std::move(event));
            }
        }
        return store::Status::ok();
    };
    store::Status outcome;
    if (prepared.events_expected == 0) {
        std::vector<store::Event> sink;
        while (outcome.is_ok()) {  // only writes the rejects file
            sink.clear();
            outcome = next(sink);
            if (sink.empty()) break;
        }
        if (outcome.is_ok()) report.outcome = FileOutcome::kNothingToImport;
    } else {
        store::TransactionRequest header;
        header.author = options_.author;
        header.reason = options_.reason;
        header.source = report.source;
        header.recorded_at_us = options_.recorded_at_us;
        auto info = store_.append_chunked(std::move(header), next);
        if (info) {
            report.outcome = FileOutcome::kImported;
            report.events_appended = info->last_seq - info->first_seq + 1;
            report.transaction = info.value();
        } else {
            outcome = info.status();
        }
    }
    meter.finish();
    const bool rejects_closed = rejects.close();
    if (rejected > 0) report.rejects_path = rejects.path();
    if (!outcome.is_ok()) {
        report.outcome = FileOutcome::kFailed;
        report.message = "the store refused the import: " + outcome.message();
        return;
    }
    if (rejects_failed || !rejects_closed) {
        report.message = "could not write the rejects file " + rejects.path();
    }
    attribute_cache_.clear();  // the store may now hold new weights
}

FileReport Importer::import(const ImportJob& job) {
    auto reports = import_all({job}, false);
    return std::move(reports.front());
}

std::vector<FileReport> Importer::import_all(const std::vector<ImportJob>& jobs,
                                             bool all_or_nothing) {
    std::vector<Prepared> prepared;
    prepared.reserve(jobs.size());
    bool any_failed = false;
    for (const auto& job : jobs) {
        prepared.push_back(validate(job));
        const FileOutcome outcome = prepared.back().report.outcome;
        if (!prepared.back().writable && outcome != FileOutcome::kAlreadyImported) {
            any_failed = true;
        }
    }
    std::vector<FileReport> reports;
    for (size_t i = 0; i < jobs.size(); ++i) {
        Prepared& item = prepared[i];
        if (item.writable) {
            if (all_or_nothing && any_failed) {
                item.report.outcome = FileOutcome::kRejected;
                item.report.message =
                    "valid, but not imported because another file of the "
                    "same study failed validation";
            } else {
                write(jobs[i], item);
            }
        }
        item.report.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - item.start).count();
        reports.push_back(std::move(item.report));
    }
    return reports;
}

}  // namespace dayzero::importers
