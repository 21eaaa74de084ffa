#include "query/import_projector.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "query/patient_context.h"
#include "store/current_view.h"

namespace dayzero::query {
namespace {

// Chunks waiting for the worker: the store hands one over per staged chunk and only waits when
// the worker is this far behind. Each is a whole chunk of events, the largest buffers of an
// import: one waiting is enough to keep the worker busy.
constexpr size_t kQueuedChunks = 1;

}  // namespace

ImportProjector::ImportProjector(const store::EventStore& store) : queue_(kQueuedChunks) {
    auto patients = store.patients();
    if (patients) {
        old_patients_.reserve(patients.value().size());
        for (auto& id : patients.value())
            old_patients_.insert(std::move(id));
    } else {
        usable_ = false;  // unknown which patients are new: the refresh does it all
    }
    worker_ = std::thread([this] { run(); });
}

ImportProjector::~ImportProjector() {
    if (!finished_) (void)finish();
}

store::WrittenChunkSink ImportProjector::sink() {
    return [this](std::vector<store::Event>& written) {
        std::vector<store::Event> chunk;
        chunk.swap(written);
        {
            std::lock_guard lock(spare_mu_);
            if (!spares_.empty()) {
                written.swap(spares_.back());
                spares_.pop_back();
            }
        }
        queue_.push(std::move(chunk));
    };
}

DerivedPatients ImportProjector::finish() {
    if (finished_) return {};
    finished_ = true;
    queue_.close();
    worker_.join();
    if (usable_ && !current_.empty()) {
        try {
            derive_run(current_);
        } catch (const std::exception&) {
            usable_ = false;
        }
    }
    if (!usable_) return {};
    return std::move(result_);
}

void ImportProjector::run() {
    // Always drains the queue, so the appending thread never waits on a worker that gave up.
    while (auto chunk = queue_.pop()) {
        if (usable_) {
            try {
                take(*chunk);
            } catch (const std::exception&) {
                usable_ = false;  // out of memory deriving: the refresh reads it all back instead
            }
        }
        chunk->clear();
        std::lock_guard lock(spare_mu_);
        if (chunk->capacity() > 0 && spares_.size() < kMaxSpares)
            spares_.push_back(std::move(*chunk));
    }
}

void ImportProjector::take(std::vector<store::Event>& chunk) {
    if (chunk.empty()) return;
    // The store numbers a transaction's events consecutively, and the next transaction goes on
    // from there; anything else means a failed append's numbers were reused.
    const uint64_t first = chunk.front().seq;
    if ((result_.last_seq != 0 && first != result_.last_seq + 1) ||
        chunk.back().seq != first + chunk.size() - 1) {
        usable_ = false;
        return;
    }
    if (result_.last_seq == 0) result_.first_seq = first;
    result_.last_seq = chunk.back().seq;
    // Each patient's run of events is derived where it lies in the chunk (moving millions of
    // events costs as much as deriving them); only a run at either end of a chunk, which may
    // continue across it, is gathered in current_.
    size_t i = 0;
    auto same_patient = [&](size_t k, const std::string& id) {
        return k < chunk.size() && chunk[k].patient_id == id;
    };
    if (!current_.empty()) {
        const std::string id = current_.front().patient_id;
        for (; same_patient(i, id); ++i)
            current_.push_back(std::move(chunk[i]));
        if (i == chunk.size()) return;
        derive_run(current_);
        current_.clear();
    }
    while (i < chunk.size()) {
        size_t end = i + 1;
        while (same_patient(end, chunk[i].patient_id))
            ++end;
        if (end == chunk.size()) {
            current_.assign(std::make_move_iterator(chunk.begin() + static_cast<ptrdiff_t>(i)),
                            std::make_move_iterator(chunk.end()));
            return;
        }
        derive_run(std::span<store::Event>(chunk.data() + i, end - i));
        i = end;
    }
}

void ImportProjector::leave(const std::string& id) {
    result_.entries.erase(id);
    result_.left.insert(id);
}

void ImportProjector::derive_run(std::span<store::Event> events) {
    const std::string id = events.front().patient_id;
    const bool whole = old_patients_.count(id) == 0 && result_.entries.count(id) == 0 &&
                       result_.left.count(id) == 0;
    if (!whole || is_system_patient(id)) {
        leave(id);  // rows elsewhere in the stream or in the store
        return;
    }
    // What a timeline read returns: timeline order (the usual file already has it), then
    // corrections folded in.
    if (!std::is_sorted(events.begin(), events.end(), store::timeline_less))
        std::sort(events.begin(), events.end(), store::timeline_less);
    std::vector<store::Event> corrected;
    std::span<const store::Event> timeline = events;
    const bool corrections = std::any_of(events.begin(), events.end(), [](const auto& e) {
        return e.correction != store::Correction::kNone;
    });
    if (corrections) {
        corrected = store::apply_corrections(std::vector<store::Event>(
            std::make_move_iterator(events.begin()), std::make_move_iterator(events.end())));
        timeline = corrected;
    }
    if (timeline.empty()) {
        leave(id);  // everything retracted: the refresh removes it
        return;
    }
    // Not kept (the temporary file could not be written): the refresh reads it back instead.
    PatientEntries entries = derive_patient_entries(id, timeline);
    if (!result_.entries.add(id, entries)) {
        leave(id);
    } else if (!entries.gradable) {
        result_.ungradable.push_back(id);
    }
}

}  // namespace dayzero::query
