#include "importers/streaming_import.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "importers/chunk_pipe.h"
#include "importers/file_tally.h"
#include "importers/file_verdict.h"
#include "importers/progress_meter.h"

namespace dayzero::importers {

StreamingImport::StreamingImport(const store::EventStore& store, FileCommitter& commit,
                                 const ImportOptions& options, const DecodeOptions& decode,
                                 const ImportJob& job, std::optional<FileStamp> stamp,
                                 FileReport& report, StoredCodes* codes)
    : store_(store),
      commit_(commit),
      options_(options),
      decode_(decode),
      job_(job),
      stamp_(stamp),
      report_(report),
      codes_(codes) {
    // Never read the store from inside the chunked append: a dose that needs a weight the file
    // has not given yet is deferred, and a deferred row sends the file to the two-pass path.
    decode_.external = {};
    decode_.known_body_size = nullptr;
    chunk_limit_ = std::max<size_t>(1, options_.chunk_events);
    content_ = std::make_unique<StoredContent>(store_, !options_.force, codes_);
}

StreamingImport::Stop StreamingImport::fill(std::vector<store::Event>& chunk) {
    const size_t from = chunk.size();
    const Stop stop = fill_rows(chunk);
    if (codes_ != nullptr) codes_->stage(chunk, from);  // one lock a chunk, not a row
    return stop;
}

StreamingImport::Stop StreamingImport::fill_rows(std::vector<store::Event>& chunk) {
    while (chunk.size() < chunk_limit_) {
        if (call_off_.load(std::memory_order_relaxed)) return Stop::kCalledOff;
        const size_t before = chunk.size();
        // Rows are decoded straight into the chunk; a rejected row leaves nothing in it.
        if (!decoder_->next_into(row_, chunk)) return Stop::kEnd;
        if (decoder_->has_deferred()) {
            chunk.erase(chunk.begin() + static_cast<std::ptrdiff_t>(before), chunk.end());
            return Stop::kDeferred;
        }
        if (!row_.errors.empty()) {
            if (options_.lenient) {  // before tally_row, which moves the problems out
                ++rejected_written_;
                if (!rejects_->write(row_)) rejects_failed_ = true;
            }
            tally_row(report_, row_, options_.max_problems);
            if (!options_.lenient) return Stop::kRowError;
            continue;
        }
        if (content_->active()) screen_row(*content_, chunk, before, row_, report_);
        tally_row(report_, row_, options_.max_problems);
    }
    return Stop::kChunkFull;
}

StreamingImport::Outcome StreamingImport::reject_rest() {
    rejects_->discard();
    while (decoder_->next(row_)) {
        if (decoder_->has_deferred()) return Outcome::kNeedsTwoPasses;
        tally_row(report_, row_, options_.max_problems);
    }
    conclude_validation(report_, *decoder_, options_.lenient, options_.max_problems);
    return Outcome::kDone;
}

StreamingImport::Outcome StreamingImport::run(const Admit& admit) {
    const Outcome outcome = decode_and_write(admit);
    // The decoding thread, which staged what the file writes, has been joined.
    if (codes_ != nullptr) codes_->settle(report_.outcome == FileOutcome::kImported);
    return outcome;
}

StreamingImport::Outcome StreamingImport::decode_and_write(const Admit& admit) {
    auto made = job_.make(decode_);
    if (!made) {
        if (!admitted(admit)) return Outcome::kDone;
        report_.outcome = FileOutcome::kFailed;
        report_.message = made.status().message();
        return Outcome::kDone;
    }
    decoder_ = std::move(made.value());
    rejects_ =
        std::make_unique<RejectsWriter>(RejectsWriter::path_for(job_.path), decoder_->header());
    // A lenient import writes rejected rows as it decodes, which would truncate the rejects file
    // an earlier import of the same content left: it hears the verdict before decoding.
    if (!options_.lenient) return stream(admit);
    if (!admitted(admit)) return Outcome::kDone;
    return stream({});
}

bool StreamingImport::admitted(const Admit& admit) {
    FileVerdict verdict(admit, report_);
    verdict.hear(true);
    if (verdict.admitted()) return true;
    report_ = verdict.take_refusal();
    return false;
}

StreamingImport::Outcome StreamingImport::called_off(Stop stop, const std::string& failure) {
    switch (stop) {
        case Stop::kDeferred:
            rejects_->discard();
            return Outcome::kNeedsTwoPasses;
        case Stop::kRowError:
            return reject_rest();
        case Stop::kFailed:
            report_.outcome = FileOutcome::kFailed;
            report_.message = "the import failed while decoding: " + failure;
            rejects_->discard();
            return close_rejects();
        case Stop::kCalledOff:   // never handed over: the decoding thread just ends
        case Stop::kUnreadable:  // conclude_validation has rejected the file
        case Stop::kChunkFull:
        case Stop::kEnd:
            break;
    }
    rejects_->discard();
    return Outcome::kDone;
}

StreamingImport::Outcome StreamingImport::close_rejects() {
    const bool rejects_closed = rejects_->close();
    if (rejected_written_ > 0) report_.rejects_path = rejects_->path();
    if (report_.outcome != FileOutcome::kFailed && (rejects_failed_ || !rejects_closed)) {
        report_.message = "could not write the rejects file " + rejects_->path();
    }
    return Outcome::kDone;
}

StreamingImport::Outcome StreamingImport::stream(const Admit& admit) {
    constexpr uint64_t kProgressMinBytes = uint64_t{4} << 20;  // small files finish at once
    ProgressMeter meter(stderr, options_.progress && decoder_->total_bytes() >= kProgressMinBytes,
                        "importing " + job_.path, decoder_->total_bytes());
    // Every row is decoded on a second thread, from the first one on: while this thread waits
    // for the verdict (the file's SHA-256) and while the store works on the chunk before. Until
    // it is joined that thread alone touches the decoder, the counters and the rejects file.
    ChunkPipe<Stop> pipe;
    std::string failure;                     // what stopped the decoding thread, when it threw
    std::atomic<bool> admitted_yet{!admit};  // no progress bar for a file that may be refused
    auto produce = [&] {
        try {
            Stop stop = Stop::kChunkFull;
            // The decoder fills the next chunk while the last one waits in the pipe, so it is
            // up to two chunks ahead of the store: waiting for the pipe to empty before filling
            // left a core idle whenever the store was slow to take a chunk. The cost is one
            // chunk more in memory.
            while (stop == Stop::kChunkFull) {
                ChunkPipe<Stop>::Item item;
                item.events = pipe.spare();
                item.events.reserve(chunk_limit_);
                if (admitted_yet) meter.update(report_.rows_read, decoder_->bytes_consumed());
                stop = fill(item.events);
                if (stop == Stop::kCalledOff) return;
                // Held rows (a stored observation with another value) are decided at the end.
                if (stop == Stop::kEnd && content_->active()) {
                    const size_t before = item.events.size();
                    conclude_content(*content_, options_, report_, true, item.events,
                                     rejects_.get(), decoder_->header());
                    if (codes_ != nullptr) codes_->stage(item.events, before);
                }
                if (stop == Stop::kEnd && !conclude_validation(report_, *decoder_, options_.lenient,
                                                               options_.max_problems)) {
                    stop = Stop::kUnreadable;
                }
                item.tag = stop;
                if (!pipe.put(std::move(item))) return;
            }
        } catch (const std::exception& e) {
            failure = e.what();
            pipe.put({{}, Stop::kFailed});
        }
    };
    std::thread producer(produce);
    std::function<void()> stop_decoding = [&] {
        call_off_ = true;
        pipe.close();
        if (producer.joinable()) producer.join();
        meter.finish();
    };
    struct JoinOnExit {  // a joinable std::thread must not be destroyed, whatever throws
        std::function<void()>& join;
        ~JoinOnExit() { join(); }
    } join_on_exit{stop_decoding};
    // The store starts on the first chunks while the digest is still being computed; the
    // verdict comes before its first write (file_verdict.h).
    FileVerdict verdict(admit, report_);
    auto hear_verdict = [&](bool wait) {
        verdict.hear(wait);
        if (verdict.admitted()) admitted_yet = true;
        return !verdict.refused();
    };
    // After the decoding thread was stopped: a refused file's report is the verdict's.
    auto refuse = [&] {
        rejects_->discard();
        report_ = verdict.take_refusal();
        return Outcome::kDone;
    };
    const store::Status kRefused = store::Status::invalid_argument(job_.path + ": not admitted");
    // The next chunk. While the verdict is pending it is heard between short waits: a file whose
    // rows are all in the store already fills no chunk until its end, and one imported before
    // must not be read to its end to be refused. Nullopt once the file is refused.
    auto take_chunk = [&]() -> std::optional<ChunkPipe<Stop>::Item> {
        constexpr std::chrono::milliseconds kVerdictPoll{10};
        while (!verdict.known()) {
            if (auto item = pipe.take_for(kVerdictPoll)) return item;
            if (!hear_verdict(false)) return std::nullopt;
        }
        return pipe.take();
    };
    std::optional<ChunkPipe<Stop>::Item> taken = take_chunk();
    if (!taken) {
        stop_decoding();
        return refuse();
    }
    ChunkPipe<Stop>::Item first = std::move(*taken);
    Stop stop = first.tag;  // why the last chunk taken from the pipe ended
    const bool decoded = stop == Stop::kChunkFull || stop == Stop::kEnd;
    if (!decoded || first.events.empty()) {
        const bool admitted = hear_verdict(true);
        stop_decoding();
        if (!admitted) return refuse();
        if (!decoded) return called_off(stop, failure);
        report_.outcome = FileOutcome::kNothingToImport;  // the whole file gave no event
        return close_rejects();
    }
    bool handed_first = false;
    bool ended = stop == Stop::kEnd;
    bool asked = false;    // the end of the file was reached and checked
    bool refused = false;  // before_commit_ called the commit off, for this reason:
    std::string why;
    bool changed = false;  // the file is not the one stamp_ was taken of
    // At the end of the file, before the store sees an empty chunk and commits. The last chunk
    // was taken, so the decoding thread is done with the file.
    auto at_end = [&]() -> store::Status {
        if (asked) return store::Status::ok();
        asked = true;
        if (!hear_verdict(true)) return kRefused;
        meter.finish();
        if (before_commit_ && !before_commit_(why)) {
            refused = true;
            return store::Status::invalid_argument(job_.path + ": " + why);
        }
        // Last, once every byte was read: the digest and the events must both be of the file
        // as it was when the stamp was taken.
        if (unchanged_since(job_.path, stamp_)) return store::Status::ok();
        changed = true;
        return store::Status::invalid_argument(job_.path + ": " + kChangedWhileImported);
    };
    store::EventChunkSource next = [&](std::vector<store::Event>& chunk) -> store::Status {
        if (!hear_verdict(false)) return kRefused;  // imported before: called off at once
        if (!handed_first) {
            handed_first = true;
            chunk.swap(first.events);
            return store::Status::ok();
        }
        if (ended) return at_end();
        // The store's buffer from the last round goes back before the slot frees up, so the
        // decoding thread fills it again instead of faulting in fresh pages.
        pipe.recycle(std::move(chunk));
        auto taken = take_chunk();
        if (!taken) return kRefused;
        auto& item = *taken;
        stop = item.tag;
        if (stop == Stop::kChunkFull || stop == Stop::kEnd) {
            ended = stop == Stop::kEnd;
            chunk = std::move(item.events);
            // A file that ends on a chunk's boundary hands over an empty last chunk.
            if (ended && chunk.empty()) return at_end();
            return store::Status::ok();
        }
        return store::Status::invalid_argument(job_.path + ": import called off");
    };
    auto settle_source = [&](std::string& source) -> store::Status {
        if (!hear_verdict(true)) return kRefused;
        source = report_.source;
        return store::Status::ok();
    };
    const store::Status appended = append_file(commit_, options_, report_, next, settle_source);
    const bool admitted = appended.is_ok() || hear_verdict(true);
    stop_decoding();
    if (!admitted) return refuse();
    if (appended.is_ok()) return close_rejects();
    if (refused) {
        report_.outcome = FileOutcome::kRejected;
        report_.message = why;
        return close_rejects();
    }
    if (changed) {  // not what it was read as: nothing of it, its rejects neither
        report_.outcome = FileOutcome::kFailed;
        report_.message = kChangedWhileImported;
        rejects_->discard();
        rejected_written_ = 0;
        return close_rejects();
    }
    if (stop != Stop::kChunkFull && stop != Stop::kEnd) return called_off(stop, failure);
    report_.outcome = FileOutcome::kFailed;
    report_.message = "the store refused the import: " + appended.message();
    return close_rejects();
}

}  // namespace dayzero::importers
