#include "importers/decode_ahead.h"

#include <exception>
#include <utility>

namespace dayzero::importers {

DecodeAhead::DecodeAhead(store::EventChunkSource source)
    : thread_([this, source = std::move(source)] { produce(source); }) {}

DecodeAhead::~DecodeAhead() {
    finish();
}

void DecodeAhead::produce(const store::EventChunkSource& source) {
    try {
        while (true) {
            ChunkPipe<store::Status>::Item item;
            item.events = pipe_.spare();
            item.tag = source(item.events);
            // An empty chunk ends the file; an error ends it too, and the store stops there.
            const bool last = !item.tag.is_ok() || item.events.empty();
            if (!pipe_.put(std::move(item)) || last) return;
            // One chunk waits in the pipe while this one is filled: no further ahead than that.
            if (!pipe_.wait_free()) return;
        }
    } catch (const std::exception& e) {
        pipe_.put({{}, store::Status::io_error(std::string("decoding failed: ") + e.what())});
    } catch (...) {
        pipe_.put({{}, store::Status::io_error("decoding failed")});
    }
}

store::Status DecodeAhead::next(std::vector<store::Event>& chunk) {
    // The store's emptied buffer goes back to be filled again instead of faulting in new pages.
    pipe_.recycle(std::move(chunk));
    chunk.clear();
    // After the end or an error, the same answer again: never an empty chunk that a store would
    // take for the end of a file that failed.
    if (done_) return last_;
    auto item = pipe_.take();
    done_ = !item.tag.is_ok() || item.events.empty();
    if (item.tag.is_ok()) chunk = std::move(item.events);
    last_ = item.tag;
    return item.tag;
}

void DecodeAhead::finish() {
    pipe_.close();
    if (thread_.joinable()) thread_.join();
}

}  // namespace dayzero::importers
