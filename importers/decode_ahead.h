#pragma once
// DecodeAhead: runs a file's chunk source (its rows decoded into events) on a thread of its own,
// one chunk ahead of the store that takes the chunks, so that decoding the next chunk overlaps
// with the store's work on this one. Used by the second pass of a two-pass import; the one-pass
// StreamingImport keeps its own decoding thread. Whatever the source touches belongs to that
// thread until finish() returns.

#include <thread>

#include "importers/chunk_pipe.h"
#include "store/event_store.h"

namespace dayzero::importers {

class DecodeAhead {
  public:
    // Starts decoding with `source` at once.
    explicit DecodeAhead(store::EventChunkSource source);
    // finish().
    ~DecodeAhead();
    DecodeAhead(const DecodeAhead&) = delete;
    DecodeAhead& operator=(const DecodeAhead&) = delete;

    // What the store calls instead of the source: the chunks it made, in order, each with the
    // status the source returned for it (a chunk with an error status is handed over empty).
    // An exception the source threw is an error status. After the end or an error, every call
    // gives that answer again.
    store::Status next(std::vector<store::Event>& chunk);
    // Stops the decoding thread, also when the store stopped asking before the end, and waits
    // for it. Idempotent.
    void finish();

  private:
    void produce(const store::EventChunkSource& source);

    ChunkPipe<store::Status> pipe_;
    bool done_ = false;   // the last chunk (empty, or with an error status) was taken
    store::Status last_;  // and its status
    std::thread thread_;
};

}  // namespace dayzero::importers
