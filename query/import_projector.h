#pragma once
// ImportProjector: derives the stored projections' entries (summaries and daily grades) of the
// patients an import writes, from the events as the store writes them, on a thread of its own.
// Without it the refresh after the commit reads every new timeline back from the store, a large
// share of a large import's time. A patient is derived here only when its whole
// timeline passes through: new to the store and its rows together in the stream (the usual
// export, one patient after another). Any other patient it touched is left to the refresh, which
// reads it from the store as before; so is everything when the events seen are not exactly what
// the store committed (a failed file whose sequence numbers a later file reused).

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/derived_entries.h"
#include "query/projection_batch.h"
#include "store/event_store.h"
#include "store/prefetch_queue.h"

namespace dayzero::query {

// What an ImportProjector derived.
struct DerivedPatients {
    uint64_t first_seq = 0;                // first sequence number seen
    uint64_t last_seq = 0;                 // last one seen; 0 when nothing usable was seen
    DerivedEntries entries;                // patients derived as they passed
    std::unordered_set<std::string> left;  // patients with events seen, left to the refresh
    std::vector<std::string> ungradable;   // patients derived here that cannot be graded
};

class ImportProjector {
  public:
    // The patients `store` holds now are left to the refresh (their timelines continue there).
    explicit ImportProjector(const store::EventStore& store);
    ~ImportProjector();
    ImportProjector(const ImportProjector&) = delete;
    ImportProjector& operator=(const ImportProjector&) = delete;

    // The sink the import's appends hand written chunks to (EventStore::append_chunked); valid
    // while this lives.
    store::WrittenChunkSink sink();

    // Waits until everything handed over is derived, and returns the result (call once, after
    // the import).
    DerivedPatients finish();

  private:
    void run();
    void take(std::vector<store::Event>& chunk);
    // The events of one patient are all here: derive its entries, or leave it to the refresh.
    void derive_run(std::span<store::Event> events);
    void leave(const std::string& id);

    std::unordered_set<std::string> old_patients_;
    DerivedPatients result_;
    bool usable_ = true;  // false: the events seen are not one contiguous stream
    // The patient at the end of the last chunk, whose events may go on in the next one.
    std::vector<store::Event> current_;
    store::PrefetchQueue<std::vector<store::Event>> queue_;
    // Derived chunks' buffers, emptied here (off the appending thread), for the sink to give
    // back to the store in exchange for the next chunks. Several: with one, a buffer was freed
    // whenever two chunks finished between exchanges, and many chunks were then decoded into
    // fresh memory, paying its page faults again.
    static constexpr size_t kMaxSpares = 4;
    std::mutex spare_mu_;
    std::vector<std::vector<store::Event>> spares_;
    std::thread worker_;
    bool finished_ = false;
};

}  // namespace dayzero::query
