// One pass per file where possible (StreamingImport: decode once, hand chunks to
// EventStore::append_chunked while validating, call the append off at the first strict error).
// Two passes where needed: the files of an SDTM study in strict mode (every file must validate
// before any is written) but its first, which is streamed and commits only after the others
// validated, and files whose mg/kg doses need a weight from a later row or the store. A file on its
// own is hashed (SHA-256, the exactly-once check) while its first chunks are being decoded. Pass 1
// decodes everything without keeping events: it counts rows, keeps the first problems and learns
// every body-size fact (weights) in the file. Pass 2 decodes again knowing those facts and
// streams events to EventStore::append_chunked in chunks of ImportOptions::chunk_events. Either
// way the importer itself holds one chunk at a time.
#include "importers/importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <numeric>

#include "importers/decode_ahead.h"
#include "importers/file_digest.h"
#include "importers/file_tally.h"
#include "importers/progress_meter.h"
#include "importers/rejects_writer.h"
#include "importers/row_spill.h"
#include "importers/stored_content.h"
#include "importers/streaming_import.h"

namespace dayzero::importers {
namespace {

constexpr const char* kStudyFailed =
    "valid, but not imported because another file of the same study failed";
// write() could not read back the rows validation kept (row_spill.h); it then decodes the file.
constexpr const char* kSpillUnreadable = "its validated rows could not be read back";
constexpr const char* kStudyStopped =
    "not validated, nor imported: the study stopped before this file";

// Why a valid file of a strict study was not written after `failed` failed as it was written.
std::string study_write_failed(const std::string& failed) {
    return fmt::format(
        "valid, but not imported because {}, earlier in the same study, failed as it was "
        "written; importing the study again writes the files not yet imported",
        failed);
}

// 0, 1, ..., count − 1.
std::vector<size_t> all_files(size_t count) {
    std::vector<size_t> indices(count);
    std::iota(indices.begin(), indices.end(), size_t{0});
    return indices;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The file's stamp before anything of it is read for this import.
std::optional<FileStamp> first_stamp(const ImportJob& job) {
    return job.stamp ? job.stamp : file_stamp(job.path);
}

}  // namespace

struct Importer::Prepared {
    FileReport report;
    BodySizeFacts facts;
    uint64_t events_expected = 0;
    std::optional<FileStamp> stamp;  // the file before its digest was taken
    bool proceed = false;            // digest known and not imported before: decode the file
    bool writable = false;           // validated: write() may run
    // The rows validation decoded, for write() to replay instead of decoding the file again
    // (a strict study's files that decode alone); null: write() decodes the file.
    std::unique_ptr<RowSpill> spill;
    std::vector<std::string> header;  // with a spill: the file's header as validation read it
    uint64_t file_bytes = 0;          // with a spill: the file's size as validation read it
    std::chrono::steady_clock::time_point start;
    // Validation compared events with the store before every body size of the file was known.
    bool screened_early = false;

    // The same file to be decoded again from the start: what identifies it (path, digest, stamp,
    // start) kept, nothing counted.
    Prepared again() const {
        Prepared out;
        out.start = start;
        out.report.path = report.path;
        out.report.source = report.source;
        out.stamp = stamp;
        out.proceed = proceed;
        return out;
    }
};

uint64_t rows_imported(const FileReport& report) {
    const uint64_t other = report.rows_rejected + report.rows_skipped + report.rows_already_stored;
    return report.rows_read > other ? report.rows_read - other : 0;
}

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

Importer::Importer(const store::EventStore& store, FileCommitter& commit, ImportOptions options)
    : store_(store), commit_(commit), options_(std::move(options)) {
    // The runner shows the first max_problems; --problems FILE needs every one of them.
    if (options_.keep_all_problems) options_.max_problems = SIZE_MAX;
    decode_options_.allow_any_day = options_.allow_any_day;
    if (options_.lenient) decode_options_.unknown_analytes = UnknownAnalytes::kKeep;
    decode_options_.external = [this](const std::string& patient, const std::string& attribute) {
        return stored_attribute(patient, attribute);
    };
}

std::optional<double> Importer::stored_attribute(const std::string& patient,
                                                 const std::string& attribute) {
    std::lock_guard lock(attribute_mu_);
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

bool Importer::admit(store::Result<std::string> digest, FileReport& report) {
    if (!digest) {
        report.outcome = FileOutcome::kFailed;
        report.message = digest.status().message();
        return false;
    }
    report.source = std::move(digest.value());
    if (auto earlier = store_.find_import(report.source); earlier && !options_.force) {
        report.outcome = FileOutcome::kAlreadyImported;
        report.transaction = earlier;
        return false;
    }
    return true;
}

bool Importer::screens_stored_content() const {
    return !options_.force && codes_ != nullptr && !codes_->empty();
}

Importer::Prepared Importer::begin(const ImportJob& job) {
    Prepared prepared;
    prepared.start = std::chrono::steady_clock::now();
    prepared.report.path = job.path;
    prepared.stamp = first_stamp(job);
    prepared.proceed = admit(file_digest(job.path), prepared.report);
    return prepared;
}

void Importer::validate(const ImportJob& job, Prepared& prepared, bool progress, bool keep_rows) {
    validate_pass(job, prepared, progress, keep_rows, nullptr);
    if (!prepared.screened_early) return;
    // A dose per kg was converted with the body size known when its row was read, and a later
    // row gave another one for its day: what was compared with the stored events is not what
    // write() decodes knowing every body size. Validated again with all of them.
    const BodySizeFacts facts = prepared.facts;
    Prepared again = prepared.again();
    validate_pass(job, again, progress, keep_rows, &facts);
    prepared = std::move(again);
}

void Importer::validate_pass(const ImportJob& job, Prepared& prepared, bool progress,
                             bool keep_rows, const BodySizeFacts* known_body_size) {
    FileReport& report = prepared.report;
    DecodeOptions options = decode_options_;
    if (known_body_size != nullptr) options.known_body_size = known_body_size;
    auto decoder = job.make(options);
    if (!decoder) {
        report.outcome = FileOutcome::kFailed;
        report.message = decoder.status().message();
        return;
    }
    // Rows are kept only where write() would decode them to the same events: a strict file
    // (a lenient one writes its rejected rows, whose fields are not kept) that decodes alone
    // (no dose waiting for a weight validation did not know).
    std::unique_ptr<RowSpill> spill =
        keep_rows && job.decodes_alone && !options_.lenient
            ? RowSpill::create(store_.path(), (*decoder)->total_bytes())
            : nullptr;
    ProgressMeter meter(stderr, progress && show_progress((*decoder)->total_bytes()),
                        "validating " + job.path, (*decoder)->total_bytes());
    DecodedRow row;
    StoredContent content(store_, !options_.force, codes_.get());
    while ((*decoder)->next(row)) {
        if (spill) spill->add(row);  // before screening takes stored events out
        size_t events = tally_row(report, row, options_.max_problems);
        if (events > 0 && content.active())
            events = screen_row(content, row.events, 0, row, report);
        prepared.events_expected += events;
        if ((report.rows_read & 0xFFF) == 0) {
            meter.update(report.rows_read, (*decoder)->bytes_consumed());
        }
    }
    meter.finish();
    if (content.active()) {
        std::vector<store::Event> tail;  // checked here, written by write()
        conclude_content(content, options_, report, true, tail, nullptr, (*decoder)->header());
        prepared.events_expected += tail.size();
    }
    prepared.facts = (*decoder)->body_size_facts();
    prepared.screened_early =
        known_body_size == nullptr && content.active() && (*decoder)->has_deferred();
    prepared.writable =
        conclude_validation(report, **decoder, options_.lenient, options_.max_problems);
    if (spill && spill->usable() && prepared.writable && spill->rows() == report.rows_read) {
        prepared.spill = std::move(spill);
        prepared.header = (*decoder)->header();
        prepared.file_bytes = (*decoder)->total_bytes();
    }
}

void Importer::write(const ImportJob& job, Prepared& prepared) {
    FileReport& report = prepared.report;
    DecodeOptions options = decode_options_;
    options.known_body_size = &prepared.facts;
    std::unique_ptr<RowDecoder> decoder = RowSpill::replay(
        std::move(prepared.spill), std::move(prepared.header), prepared.facts, prepared.file_bytes);
    const bool replaying = decoder != nullptr;
    // What validation reported, for decoding the file after all if the spill fails (below).
    const FileReport validated = replaying ? report : FileReport{};
    if (!replaying) {
        auto made = job.make(options);
        if (!made) {
            report.outcome = FileOutcome::kFailed;
            report.message = made.status().message();
            return;
        }
        decoder = std::move(made).value();
    }
    RejectsWriter rejects(RejectsWriter::path_for(job.path), decoder->header());
    ProgressMeter meter(stderr, show_progress(decoder->total_bytes()), "importing " + job.path,
                        decoder->total_bytes());
    DecodedRow row;
    uint64_t rows_seen = 0;
    uint64_t rejected = 0;
    bool rejects_failed = false;
    bool ended = false;
    std::string conflict;  // a value an earlier file of this import wrote, changed (strict)
    std::string changed;   // why the file is not the one validation read (the whole message)
    const std::string path = job.path;
    auto refuse_changed = [&](std::string message) {
        changed = std::move(message);
        return store::Status::invalid_argument(changed);
    };
    StoredContent content(store_, !options_.force, codes_.get());
    FileReport uncounted;  // validate() counted what this pass screens again
    uncounted.path = report.path;
    const size_t chunk_limit = std::max<size_t>(1, options_.chunk_events);
    auto decode_chunk = [&](std::vector<store::Event>& chunk) -> store::Status {
        // The store may hand back a buffer it emptied: room for a whole chunk at once, so that
        // filling it never moves the events again.
        if (chunk.capacity() < chunk_limit) chunk.reserve(chunk_limit);
        while (chunk.size() < chunk_limit) {
            if (ended) return store::Status::ok();
            const size_t before = chunk.size();
            // Rows are decoded straight into the chunk; a rejected row leaves nothing in it.
            if (!decoder->next_into(row, chunk)) {
                ended = true;
                if (replaying && decoder->file_failed()) return refuse_changed(kSpillUnreadable);
                // Also a file edited between the passes that kept its number of rows: the events
                // would not be those of the bytes the digest names.
                if (decoder->file_failed() || rows_seen != report.rows_read ||
                    !unchanged_since(path, prepared.stamp)) {
                    return refuse_changed(kChangedWhileImported);
                }
                if (content.active()) {
                    const uint64_t errors = uncounted.error_count;
                    std::vector<StoredChange> changes;
                    conclude_content(content, options_, uncounted, true, chunk, &rejects,
                                     decoder->header(), &changes);
                    rejected += uncounted.rows_rejected;
                    if (uncounted.error_count > errors && !options_.lenient) {
                        conflict = changed_message(changes);
                        if (conflict.empty()) return refuse_changed(kChangedWhileImported);
                        return store::Status::invalid_argument(path + ": " + conflict);
                    }
                }
                return store::Status::ok();
            }
            ++rows_seen;
            if ((rows_seen & 0xFFF) == 0) meter.update(rows_seen, decoder->bytes_consumed());
            if (!row.errors.empty()) {
                if (!options_.lenient) {
                    return refuse_changed("the file changed while it was being imported (line " +
                                          std::to_string(row.line) + "); nothing was written");
                }
                ++rejected;
                if (!rejects.write(row)) rejects_failed = true;
                continue;
            }
            // The store stamps the header's source on the events.
            if (content.active()) screen_row(content, chunk, before, row, uncounted);
        }
        return store::Status::ok();
    };
    store::EventChunkSource next = [&](std::vector<store::Event>& chunk) {
        const size_t from = chunk.size();
        store::Status status = decode_chunk(chunk);
        if (codes_) codes_->stage(chunk, from);  // one lock a chunk, not a row
        return status;
    };
    store::Status outcome;
    bool all_found_stored = false;
    if (prepared.events_expected == 0) {
        std::vector<store::Event> sink;
        while (outcome.is_ok()) {  // only writes the rejects file
            sink.clear();
            outcome = next(sink);
            if (sink.empty()) break;
        }
        if (outcome.is_ok()) report.outcome = FileOutcome::kNothingToImport;
    } else {
        // Rows are decoded on a thread of their own while the store appends the chunk before;
        // what `next` touches is this thread's again once finish() returned.
        DecodeAhead ahead(next);
        // Validation expected events, but this pass can find them all stored: an earlier file of
        // the same import wrote them since (a dose in EX, then again in CM). The store takes no
        // empty transaction, so the first chunk is looked at before one is begun.
        std::vector<store::Event> first;
        const store::Status first_status = ahead.next(first);
        if (first_status.is_ok() && first.empty()) {
            report.outcome = FileOutcome::kNothingToImport;
            all_found_stored = true;
        } else {
            bool first_given = false;
            outcome = append_file(commit_, options_, report, [&](std::vector<store::Event>& chunk) {
                if (first_given) return ahead.next(chunk);
                first_given = true;
                chunk.swap(first);
                return first_status;
            });
        }
        ahead.finish();
    }
    if (codes_) codes_->settle(outcome.is_ok() && report.outcome == FileOutcome::kImported);
    meter.finish();
    // A file that changed: what it was read as is not imported, nor are its rejects reported.
    if (!changed.empty()) rejects.discard();
    const bool rejects_closed = rejects.close();
    if (rejected > 0 && changed.empty()) report.rejects_path = rejects.path();
    if (!conflict.empty()) {
        report.outcome = FileOutcome::kRejected;
        report.message = conflict;
        return;
    }
    if (replaying && changed == kSpillUnreadable) {
        // The transaction was called off and nothing of the file is written: decode it again
        // (the spill is gone, so this is the last try).
        report = validated;
        write(job, prepared);
        return;
    }
    if (!changed.empty()) {
        report.outcome = FileOutcome::kFailed;
        report.message = changed;
        return;
    }
    if (!outcome.is_ok()) {
        report.outcome = FileOutcome::kFailed;
        report.message = "the store refused the import: " + outcome.message();
        return;
    }
    if (report.outcome == FileOutcome::kImported) written_paths_[report.source] = path;
    if (rejects_failed || !rejects_closed) {
        report.message = "could not write the rejects file " + rejects.path();
    }
    if (content.active() && (report.outcome == FileOutcome::kImported || all_found_stored)) {
        // What this pass found stored is what was left out of the transaction. In a study
        // validated whole before any file is written, it also holds what the study's earlier
        // files wrote since validation counted (a dose in EX, then again in CM).
        report.rows_already_stored = uncounted.rows_already_stored;
        report.events_already_stored = uncounted.events_already_stored;
        report.events_amended = uncounted.events_amended;
    }
    std::lock_guard lock(attribute_mu_);
    attribute_cache_.clear();  // the store may now hold new weights
}

std::string Importer::changed_message(const std::vector<StoredChange>& changes) const {
    for (const auto& change : changes) {
        const auto earlier = written_paths_.find(change.stored.source);
        if (earlier == written_paths_.end()) continue;
        return fmt::format(
            "line {} gives the {} the value {}, where {} (line {}), written earlier in this "
            "import, gave {}; nothing of this file was written",
            change.event.source_line, observation_text(change.stored), describe_value(change.event),
            earlier->second, change.stored.source_line, describe_value(change.stored));
    }
    return "";
}

FileReport Importer::import(const ImportJob& job) {
    auto reports = import_all({job}, false);
    return std::move(reports.front());
}

bool Importer::stream(const ImportJob& job, Prepared& prepared,
                      std::function<bool(std::string& why)> check) {
    prepared.start = std::chrono::steady_clock::now();
    prepared.report.path = job.path;
    prepared.stamp = first_stamp(job);
    // The SHA-256 of the file (is it new?) is computed on its own thread while the streaming
    // import decodes and stages the first chunks.
    auto digest = std::async(std::launch::async, [&job] { return file_digest(job.path); });
    StreamingImport streaming(store_, commit_, options_, decode_options_, job, prepared.stamp,
                              prepared.report, codes_.get());
    if (check) streaming.before_commit(std::move(check));
    Admission admission;
    admission.decide = [&](FileReport& verdict) {
        return prepared.proceed = admit(digest.get(), verdict);
    };
    admission.ready = [&] {
        return digest.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    const StreamingImport::Outcome outcome = streaming.run(admission);
    if (outcome == StreamingImport::Outcome::kNeedsTwoPasses) return false;
    if (prepared.report.outcome == FileOutcome::kImported) {
        std::lock_guard lock(attribute_mu_);
        attribute_cache_.clear();
        written_paths_[prepared.report.source] = prepared.report.path;
    }
    return true;
}

Importer::Prepared Importer::import_one(const ImportJob& job) {
    Prepared prepared;
    if (stream(job, prepared)) return prepared;
    // Doses that need a weight from a later row or from the store: validate, then write.
    Prepared again = prepared.again();
    validate(job, again);
    if (again.writable) write(job, again);
    return again;
}

void Importer::validate_files(const std::vector<ImportJob>& jobs, const std::vector<size_t>& which,
                              std::vector<Prepared>& prepared, bool& any_failed, bool progress) {
    for (const size_t i : which) {
        prepared[i] = begin(jobs[i]);
        if (prepared[i].proceed) validate(jobs[i], prepared[i], progress, /*keep_rows=*/true);
        const FileOutcome outcome = prepared[i].report.outcome;
        if (!prepared[i].writable && outcome != FileOutcome::kAlreadyImported) any_failed = true;
    }
}

void Importer::validate_files_on_two_threads(const std::vector<ImportJob>& jobs,
                                             const std::vector<size_t>& which,
                                             std::vector<Prepared>& prepared, bool& any_failed) {
    // The largest file first, each to the thread with fewer bytes so far.
    std::vector<std::pair<uintmax_t, size_t>> by_size;
    for (const size_t i : which) {
        std::error_code unknown;  // validation reports a file it cannot read
        const uintmax_t size = std::filesystem::file_size(jobs[i].path, unknown);
        by_size.emplace_back(unknown ? 0 : size, i);
    }
    std::sort(by_size.begin(), by_size.end(), std::greater<>());
    std::vector<size_t> here;
    std::vector<size_t> there;
    uintmax_t here_bytes = 0;
    uintmax_t there_bytes = 0;
    for (const auto& [size, i] : by_size) {
        if (here_bytes <= there_bytes) {
            here.push_back(i);
            here_bytes += size;
        } else {
            there.push_back(i);
            there_bytes += size;
        }
    }
    std::sort(here.begin(), here.end());
    std::sort(there.begin(), there.end());
    bool there_failed = false;
    auto other = std::async(std::launch::async, [&] {
        validate_files(jobs, there, prepared, there_failed, /*progress=*/false);
    });
    validate_files(jobs, here, prepared, any_failed);
    other.get();
    any_failed = any_failed || there_failed;
}

void Importer::write_rest(const std::vector<ImportJob>& jobs, size_t from,
                          std::vector<Prepared>& prepared, bool any_failed) {
    std::string failed_writing;  // the file of the study that failed as it was written
    for (size_t i = from; i < jobs.size(); ++i) {
        Prepared& item = prepared[i];
        if (item.report.path.empty()) {  // the study stopped before this file was validated
            item.report.path = jobs[i].path;
            item.report.outcome = FileOutcome::kRejected;
            item.report.message = kStudyStopped;
        }
        if (item.writable) {
            if (any_failed) {
                item.report.outcome = FileOutcome::kRejected;
                item.report.message = kStudyFailed;
            } else if (!failed_writing.empty()) {
                item.report.outcome = FileOutcome::kRejected;
                item.report.message = study_write_failed(failed_writing);
            } else {
                write(jobs[i], item);
                // A file that validated can still fail as it is written (the store refuses the
                // transaction, or the file changed since it was validated). The files before it,
                // if any, have committed, so the study can no longer be written whole; writing
                // the ones after it would leave a gap in the middle of the study's order, so it
                // stops here, and an import of the same folder again writes what is missing.
                if (item.report.outcome == FileOutcome::kFailed ||
                    item.report.outcome == FileOutcome::kRejected)
                    failed_writing = jobs[i].path;
            }
        }
        item.report.elapsed_seconds = seconds_since(item.start);
    }
}

bool Importer::stream_first(const std::vector<ImportJob>& jobs, std::vector<Prepared>& prepared,
                            bool& any_failed) {
    Prepared& first = prepared.front();
    // The other files are validated while the first one's transaction is open: it commits only
    // when all of them may be written, and a failure anywhere leaves the store as it was. Those
    // that decode alone need nothing the first file gives, so they are validated on a thread of
    // their own from the start, on the core the first file's digest and decoding leave idle. The
    // others may need its weights, so they wait until it has been read, then share both cores.
    // StoredCodes, SdtmStudy's weights and the stored-weight cache take locks for what they share.
    // Either way validation sees only what the store held before the import: the first file's
    // StoredCodes entries settle after it commits. All of that only while nothing stored can
    // match a row (a new study, or --force): otherwise every file screens each row against the
    // store through the one StoredCodes, and threads doing so side by side mostly wait for each
    // other's reads, so the files are validated one after the other, once the first one has been
    // read.
    const bool side_by_side = !screens_stored_content();
    std::vector<size_t> beside;
    std::vector<size_t> after;
    for (size_t i = 1; i < jobs.size(); ++i)
        (jobs[i].decodes_alone && side_by_side ? beside : after).push_back(i);
    bool beside_failed = false;
    std::future<void> validating;
    if (!beside.empty()) {
        validating = std::async(std::launch::async, [&] {
            validate_files(jobs, beside, prepared, beside_failed, /*progress=*/false);
        });
    }
    auto validate_rest = [&] {
        if (validating.valid()) validating.get();  // rethrows what the thread threw
        any_failed = any_failed || beside_failed;
        if (side_by_side)
            validate_files_on_two_threads(jobs, after, prepared, any_failed);
        else
            validate_files(jobs, after, prepared, any_failed);
    };
    bool checked = false;
    const bool streamed = stream(jobs.front(), first, [&](std::string& why) {
        checked = true;
        try {
            validate_rest();
        } catch (const std::exception& e) {  // the store would only say the append failed
            any_failed = true;
            why = std::string("validating the study's other files failed: ") + e.what();
            return false;
        }
        if (!any_failed) return true;
        why = kStudyFailed;
        return false;
    });
    if (!streamed) {
        if (validating.valid()) validating.wait();  // import_all validates every file again
        first = Prepared{};
        return false;
    }
    if (!checked) validate_rest();  // the first file failed, was imported before, or gave no event
    // A first file that did not commit stops the others, also when it failed after they had
    // validated (its commit refused): the study is written whole or not at all.
    FileReport& report = first.report;
    if (report.outcome == FileOutcome::kRejected || report.outcome == FileOutcome::kFailed) {
        any_failed = true;
    } else if (report.outcome == FileOutcome::kNothingToImport && any_failed) {
        report.outcome = FileOutcome::kRejected;
        report.message = kStudyFailed;
    }
    first.report.elapsed_seconds = seconds_since(first.start);
    return true;
}

std::vector<FileReport> Importer::import_all(const std::vector<ImportJob>& jobs,
                                             bool all_or_nothing) {
    // Later files of the import learn what the earlier ones wrote from codes_ instead of reading
    // each patient back (stored_codes.h); a single file has no use for it.
    codes_.reset();
    if (jobs.size() > 1 && !options_.force) codes_ = std::make_unique<StoredCodes>(store_);
    written_paths_.clear();
    std::vector<Prepared> prepared(jobs.size());
    if (!all_or_nothing) {  // each file on its own: one streaming pass where possible
        for (size_t i = 0; i < jobs.size(); ++i) {
            prepared[i] = import_one(jobs[i]);
            prepared[i].report.elapsed_seconds = seconds_since(prepared[i].start);
        }
    } else {
        bool any_failed = false;
        size_t from = 0;  // the first file validated, then written
        if (!jobs.empty() && jobs.front().decodes_alone && stream_first(jobs, prepared, any_failed))
            from = 1;
        else
            validate_files(jobs, all_files(jobs.size()), prepared, any_failed);
        write_rest(jobs, from, prepared, any_failed);
    }
    std::vector<FileReport> reports;
    reports.reserve(jobs.size());
    for (auto& item : prepared)
        reports.push_back(std::move(item.report));
    codes_.reset();  // the store may change before the next call
    return reports;
}

}  // namespace dayzero::importers
