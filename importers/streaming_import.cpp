#include "importers/streaming_import.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>

#include "importers/chunk_pipe.h"
#include "importers/file_tally.h"
#include "importers/progress_meter.h"

namespace dayzero::importers {

StreamingImport::StreamingImport(store::EventStore& store, const ImportOptions& options,
                                 const DecodeOptions& decode, const ImportJob& job,
                                 FileReport& report)
    : store_(store), options_(options), decode_(decode), job_(job), report_(report) {
    // Never read the store from inside the chunked append: a dose that needs a weight the file
    // has not given yet is deferred, and a deferred row sends the file to the two-pass path.
    decode_.external = {};
    decode_.known_body_size = nullptr;
    chunk_limit_ = std::max<size_t>(1, options_.chunk_events);
}

StreamingImport::Stop StreamingImport::fill(std::vector<store::Event>& chunk) {
    while (chunk.size() < chunk_limit_) {
        if (!decoder_->next(row_)) return Stop::kEnd;
        if (decoder_->has_deferred()) return Stop::kDeferred;
        if (!row_.errors.empty()) {
            if (options_.lenient) {  // before tally_row, which moves the problems out
                ++rejected_written_;
                if (!rejects_->write(row_)) rejects_failed_ = true;
            }
            tally_row(report_, row_, options_.max_problems);
            if (!options_.lenient) return Stop::kRowError;
            continue;
        }
        tally_row(report_, row_, options_.max_problems);
        for (auto& event : row_.events)
            chunk.push_back(std::move(event));
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

StreamingImport::Outcome StreamingImport::run() {
    auto made = job_.make(decode_);
    if (!made) {
        report_.outcome = FileOutcome::kFailed;
        report_.message = made.status().message();
        return Outcome::kDone;
    }
    decoder_ = std::move(made.value());
    rejects_ =
        std::make_unique<RejectsWriter>(RejectsWriter::path_for(job_.path), decoder_->header());
    std::vector<store::Event> first;
    const Stop stop = fill(first);
    if (stop == Stop::kDeferred) {
        rejects_->discard();
        return Outcome::kNeedsTwoPasses;
    }
    if (stop == Stop::kRowError) return reject_rest();
    if (stop == Stop::kEnd) {
        if (!conclude_validation(report_, *decoder_, options_.lenient, options_.max_problems)) {
            rejects_->discard();
            return Outcome::kDone;
        }
        if (first.empty()) report_.outcome = FileOutcome::kNothingToImport;
    }
    if (report_.outcome != FileOutcome::kNothingToImport) {
        const Outcome written = write(first, stop == Stop::kEnd);
        if (written != Outcome::kDone || report_.outcome == FileOutcome::kRejected) return written;
    }
    const bool rejects_closed = rejects_->close();
    if (rejected_written_ > 0) report_.rejects_path = rejects_->path();
    if (report_.outcome != FileOutcome::kFailed && (rejects_failed_ || !rejects_closed)) {
        report_.message = "could not write the rejects file " + rejects_->path();
    }
    return Outcome::kDone;
}

StreamingImport::Outcome StreamingImport::write(std::vector<store::Event>& first, bool ended) {
    constexpr uint64_t kProgressMinBytes = uint64_t{4} << 20;  // small files finish at once
    ProgressMeter meter(stderr, options_.progress && decoder_->total_bytes() >= kProgressMinBytes,
                        "importing " + job_.path, decoder_->total_bytes());
    // The rows after the first chunk are decoded on a second thread while the store works on the
    // chunk before. Until it is joined that thread alone touches the decoder, report and rejects.
    ChunkPipe<Stop> pipe;
    std::string failure;  // what stopped the decoding thread, when it threw
    auto produce = [&] {
        try {
            Stop stop = Stop::kChunkFull;
            while (stop == Stop::kChunkFull && pipe.wait_free()) {
                ChunkPipe<Stop>::Item item;
                item.events = pipe.spare();
                item.events.reserve(chunk_limit_);
                meter.update(report_.rows_read, decoder_->bytes_consumed());
                stop = fill(item.events);
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
    std::thread producer;
    if (!ended) producer = std::thread(produce);
    bool handed_first = false;
    Stop stop = Stop::kChunkFull;  // why the last chunk taken from the pipe ended
    store::EventChunkSource next = [&](std::vector<store::Event>& chunk) -> store::Status {
        if (!handed_first) {
            handed_first = true;
            chunk.swap(first);
            return store::Status::ok();
        }
        if (ended) return store::Status::ok();
        // The store's buffer from the last round goes back before the slot frees up, so the
        // decoding thread fills it again instead of faulting in fresh pages.
        pipe.recycle(std::move(chunk));
        auto item = pipe.take();
        stop = item.tag;
        if (stop == Stop::kChunkFull || stop == Stop::kEnd) {
            ended = stop == Stop::kEnd;
            chunk = std::move(item.events);
            return store::Status::ok();
        }
        return store::Status::invalid_argument(job_.path + ": import called off");
    };
    const store::Status appended = append_file(store_, options_, report_, next);
    pipe.close();
    if (producer.joinable()) producer.join();
    meter.finish();
    if (appended.is_ok()) return Outcome::kDone;
    switch (stop) {
        case Stop::kDeferred:
            rejects_->discard();
            return Outcome::kNeedsTwoPasses;
        case Stop::kRowError:
            return reject_rest();
        case Stop::kUnreadable:  // conclude_validation has rejected the file
            rejects_->discard();
            return Outcome::kDone;
        case Stop::kFailed:
            report_.outcome = FileOutcome::kFailed;
            report_.message = "the import failed while decoding: " + failure;
            rejects_->discard();
            return Outcome::kDone;
        case Stop::kChunkFull:
        case Stop::kEnd:
            break;
    }
    report_.outcome = FileOutcome::kFailed;
    report_.message = "the store refused the import: " + appended.message();
    return Outcome::kDone;
}

}  // namespace dayzero::importers
