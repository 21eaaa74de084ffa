// The stored summary projection. Entries (keys in byte order, so a reader stops at the first
// name entry without reading them):
//   "h"        header: stamp, definition, the vocabulary (patient ids, codes, attributes)
//   "s" <id>   one patient's summary (summary_codec.h)
//   "v" <id>   the codes and attributes of that patient's timeline, so the writer can rebuild
//              the header's vocabulary after re-deriving a few patients
// The daily-grade projection (query/days_projection.h) is written in the same pass, from the
// same derivation, with the same stamp.
#include "query/summary_projection.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <set>

#include "query/days_projection.h"
#include "query/projection_batch.h"
#include "query/projection_refresh.h"
#include "query/summary_codec.h"

namespace dayzero::query {
namespace {

std::atomic<uint64_t> g_loads{0};

// The header of the projection as stored, whatever its stamp (only seq and definition unless
// `with_vocabulary`); nullopt if missing or malformed.
std::optional<ProjectionHeader> read_header(const store::EventStore& store, bool with_vocabulary) {
    std::optional<ProjectionHeader> header;
    const store::Status status = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (key == kHeaderKey) header = decode_header(bytes, with_vocabulary);
            return false;
        });
    if (!status) return std::nullopt;
    return header;
}

}  // namespace

const derive::CrsDefinition& projection_definition() {
    static const derive::CrsDefinition kDefault;
    return kDefault;
}

std::optional<StoredVocabulary> load_vocabulary(const store::EventStore& store) {
    const uint64_t last = store.last_seq();
    if (store.projection_seq(kSummaryProjection) != last) return std::nullopt;
    auto header = read_header(store, true);
    if (!header || header->seq != last) return std::nullopt;
    return StoredVocabulary{std::move(header->vocabulary), std::move(header->definition)};
}

StoredPass scan_summaries(const store::EventStore& store, const derive::CrsDefinition& def,
                          const StoredSummaryFn& visit) {
    StoredPass pass;
    const uint64_t last = store.last_seq();
    if (store.projection_seq(kSummaryProjection) != last) return pass;
    std::string header_bytes;  // the ids of `header` point into it
    std::optional<HeaderView> header;
    SummaryView view;
    std::exception_ptr failure;
    const std::string definition = def.describe();
    const store::Status status = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (!header) {
                if (key != kHeaderKey) return false;
                header_bytes.assign(bytes);
                header = view_header(header_bytes);
                if (header && header->seq == last && header->definition == definition) return true;
                header.reset();
                return false;
            }
            // The summaries must be exactly the header's patients, in the same order; the
            // writer-only name entries come after them.
            const auto& ids = header->patient_ids;
            if (key.empty() || key[0] != kSummaryPrefix || pass.visited == ids.size() ||
                key.substr(1) != ids[pass.visited] || !view.open(key.substr(1), bytes)) {
                return false;
            }
            try {
                visit(view, ids.size());
            } catch (...) {
                failure = std::current_exception();
                return false;
            }
            ++pass.visited;
            return true;
        });
    if (failure) std::rethrow_exception(failure);
    if (!header) return pass;
    if (pass.visited > 0) pass.last_id = std::string(header->patient_ids[pass.visited - 1]);
    pass.complete = status.is_ok() && pass.visited == header->patient_ids.size();
    if (pass.complete) g_loads.fetch_add(1, std::memory_order_relaxed);
    return pass;
}

namespace {

// Patients an import may add to a current projection in one update; more are written by a
// rebuild, whose memory does not grow with them.
constexpr size_t kInPlacePatients = 2000;

// The refresh after an import that derived its patients as they passed (`derived` matches the
// log's end); nullopt when the entries cannot be used and the ordinary refresh must run.
std::optional<store::Result<RefreshReport>> refresh_from_derived(
    store::EventStore& store, uint64_t last, std::optional<uint64_t> usable_stamp,
    DerivedPatients& derived, const PatientProgressFn& progress,
    const std::atomic<bool>* interrupt) {
    if (derived.last_seq == 0 || derived.last_seq != last) return std::nullopt;
    // The projection was current just before the import: only the import's patients change.
    const bool in_place = usable_stamp && *usable_stamp + 1 == derived.first_seq &&
                          derived.left.size() <= single_read_limit(derived.entries.size());
    auto update = [&]() -> std::optional<store::Result<RefreshReport>> {
        std::set<std::string> touched(derived.left.begin(), derived.left.end());
        for (auto& id : derived.entries.ids())
            touched.insert(std::move(id));
        return update_projections(store, last, touched, &derived);
    };
    // An update in place holds every touched patient's entries at once, a rebuild from the
    // import's entries only one patient's: a large import (into a fresh store, say) is rebuilt.
    if (in_place && derived.entries.size() + derived.left.size() <= kInPlacePatients) {
        if (auto updated = update()) return updated;
    }
    if (auto rebuilt = rebuild_from_derived(store, last, derived, progress, interrupt))
        return rebuilt;
    if (in_place) return update();
    return std::nullopt;
}

}  // namespace

store::Result<RefreshReport> refresh_projections(store::EventStore& store,
                                                 const PatientProgressFn& progress,
                                                 const std::atomic<bool>* interrupt,
                                                 DerivedPatients* derived) {
    if (store.read_only()) return RefreshReport{};
    const uint64_t last = store.last_seq();
    const auto stamp = store.projection_seq(kSummaryProjection);
    auto header = read_header(store, false);  // the vocabulary only if patients are re-derived
    const auto days_header = read_days_header(store);
    const std::string definition = projection_definition().describe();
    // Both projections must reflect the same point, or neither is updated in place.
    const bool usable = stamp && header && *stamp == header->seq && *stamp <= last &&
                        header->definition == definition && days_header &&
                        store.projection_seq(kDaysProjection) == stamp &&
                        days_header->seq == *stamp && days_header->definition == definition;
    if (usable && *stamp == last) return RefreshReport{false, 0, last};
    if (derived != nullptr) {
        const auto usable_stamp = usable ? stamp : std::nullopt;
        if (auto refreshed =
                refresh_from_derived(store, last, usable_stamp, *derived, progress, interrupt))
            return std::move(*refreshed);
    }
    if (!usable) return rebuild_projections(store, last, progress, interrupt);
    // Re-deriving a few patients beats a rebuild only while few changed.
    if (last - *stamp > std::max<uint64_t>(50'000, last / 4))
        return rebuild_projections(store, last, progress, interrupt);
    header = read_header(store, true);
    if (!header) return rebuild_projections(store, last, progress, interrupt);
    const size_t limit = single_read_limit(header->vocabulary.patient_count());
    auto touched = touched_patients(store, *stamp + 1, last, limit);
    if (!touched) return rebuild_projections(store, last, progress, interrupt);
    auto updated = update_projections(store, last, *touched, nullptr);
    if (!updated) return rebuild_projections(store, last, progress, interrupt);
    return std::move(*updated);
}

uint64_t summary_projection_loads() {
    return g_loads.load(std::memory_order_relaxed);
}

}  // namespace dayzero::query
