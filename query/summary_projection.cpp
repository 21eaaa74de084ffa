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
#include "query/derive/patient_derivation.h"
#include "query/patient_context.h"
#include "query/summary_codec.h"

namespace dayzero::query {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kHeaderKey = "h";
constexpr char kSummaryPrefix = 's';
constexpr char kNamesPrefix = 'v';
// Patients per write while rebuilding, so memory stays bounded on large stores.
constexpr size_t kRebuildChunk = 2000;
// The stamp of a projection being rebuilt: never a valid last_seq, so readers see it as stale.
constexpr uint64_t kBuildingStamp = UINT64_MAX;
constexpr uint64_t kProgressEvery = 256;

std::atomic<uint64_t> g_loads{0};

// The entries of both projections, written together.
struct Batch {
    Entries summaries;
    Entries days;
};

// The entries of one patient (two summary entries, one daily-grade entry), and that patient's
// names merged into `names`.
void add_patient_entries(const std::string& id, const std::vector<store::Event>& events, Batch& out,
                         Vocabulary& names) {
    PatientSummary summary{id, derive::derive_patient(id, events, projection_definition()),
                           dose_totals(events)};
    out.days.push_back(days_entry(id, summary.derived));
    out.summaries.emplace_back(kSummaryPrefix + id, encode_summary(summary));
    names.add_patient(id);
    Vocabulary own;
    own.add_timeline(id, events);
    out.summaries.emplace_back(kNamesPrefix + id, encode_vocabulary_names(own));
    names.merge_names(own);
}

ProjectionHeader make_header(uint64_t seq, Vocabulary vocabulary) {
    ProjectionHeader header;
    header.seq = seq;
    header.definition = projection_definition().describe();
    header.vocabulary = std::move(vocabulary);
    return header;
}

// Both headers, stamped `seq`, for the patients in `vocabulary`.
void add_headers(uint64_t seq, Vocabulary vocabulary, Batch& out) {
    out.days.push_back(
        days_header_entry(seq, projection_definition().describe(), vocabulary.patient_ids()));
    out.summaries.emplace_back(kHeaderKey, encode_header(make_header(seq, std::move(vocabulary))));
}

// Writes both projections, each atomically with its own stamp; a failure between the two leaves
// their stamps unequal, which the next refresh repairs by rebuilding both.
store::Status write_batch(store::EventStore& store, const Batch& batch, uint64_t stamp,
                          bool replace_all) {
    if (auto s = store.write_projection(kDaysProjection, batch.days, stamp, replace_all); !s)
        return s;
    return store.write_projection(kSummaryProjection, batch.summaries, stamp, replace_all);
}

store::Result<RefreshReport> rebuild(store::EventStore& store, uint64_t last,
                                     const PatientProgressFn& progress,
                                     const std::atomic<bool>* interrupt) {
    RefreshReport report;
    report.rebuilt = true;
    report.seq = last;
    Batch batch;
    Vocabulary names;
    bool first_write = true;
    bool interrupted = false;
    store::Status write_status = store::Status::ok();
    auto flush = [&](uint64_t stamp) {
        write_status = write_batch(store, batch, stamp, first_write);
        first_write = false;
        batch.summaries.clear();
        batch.days.clear();
        return write_status.is_ok();
    };
    const store::Status status =
        store.for_each_patient([&](const std::string& id, std::vector<store::Event>& events) {
            if (interrupt != nullptr && interrupt->load(std::memory_order_relaxed)) {
                interrupted = true;
                return false;
            }
            if (is_system_patient(id)) return true;
            add_patient_entries(id, events, batch, names);
            ++report.patients_derived;
            if (progress && report.patients_derived % kProgressEvery == 0)
                progress(report.patients_derived, 0);
            return batch.days.size() < kRebuildChunk || flush(kBuildingStamp);
        });
    if (!status) return status;
    if (!write_status) return write_status;
    // Chunks already written keep the "building" stamp: stale until a later refresh completes.
    if (interrupted) return store::Status::interrupted("building the stored summaries");
    add_headers(last, std::move(names), batch);
    if (!flush(last)) return write_status;
    if (progress) progress(report.patients_derived, report.patients_derived);
    return report;
}

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

// Patients with events in seq range [from, to] (for corrections also the corrected event's
// patient); nullopt when more than `limit` or the log cannot be read.
std::optional<std::set<std::string>> touched_patients(const store::EventStore& store, uint64_t from,
                                                      uint64_t to, size_t limit) {
    std::set<std::string> touched;
    bool failed = false;
    const store::Status status = store.scan_log(from, to, [&](const store::Event& e) {
        touched.insert(e.patient_id);
        if (e.correction != store::Correction::kNone) {
            auto target = store.event(e.target_seq);
            if (!target) {
                failed = true;
                return false;
            }
            touched.insert(target.value().patient_id);
        }
        return touched.size() <= limit;
    });
    if (!status || failed || touched.size() > limit) return std::nullopt;
    return touched;
}

// Re-derives only `touched` and rewrites the header; nullopt when the stored name entries are
// unreadable (the caller then rebuilds).
std::optional<store::Result<RefreshReport>> update(store::EventStore& store, uint64_t last,
                                                   const std::set<std::string>& touched) {
    RefreshReport report;
    report.seq = last;
    Vocabulary names;
    bool bad = false;
    const store::Status scanned = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (key.empty() || key[0] != kNamesPrefix) return true;
            std::string id(key.substr(1));
            if (touched.count(id) > 0) return true;
            names.add_patient(id);
            bad = !decode_vocabulary_names(bytes, names);
            return !bad;
        });
    if (!scanned || bad) return std::nullopt;
    Batch batch;
    for (const std::string& id : touched) {
        if (id.empty() || is_system_patient(id)) continue;
        auto timeline = store.timeline(id);
        if (!timeline && timeline.status().code() != store::StatusCode::kNotFound)
            return store::Result<RefreshReport>(timeline.status());
        if (!timeline || timeline.value().empty()) {
            // Nothing visible any more: the patient leaves the projection, as it leaves scans.
            batch.summaries.emplace_back(kSummaryPrefix + id, std::string());
            batch.summaries.emplace_back(kNamesPrefix + id, std::string());
            batch.days.push_back(days_removal(id));
            continue;
        }
        add_patient_entries(id, timeline.value(), batch, names);
        ++report.patients_derived;
    }
    add_headers(last, std::move(names), batch);
    if (auto s = write_batch(store, batch, last, false); !s) {
        return store::Result<RefreshReport>(s);
    }
    return store::Result<RefreshReport>(report);
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

store::Result<RefreshReport> refresh_projections(store::EventStore& store,
                                                 const PatientProgressFn& progress,
                                                 const std::atomic<bool>* interrupt) {
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
    if (!usable) return rebuild(store, last, progress, interrupt);
    // Re-deriving a few patients beats a rebuild only while few changed.
    if (last - *stamp > std::max<uint64_t>(50'000, last / 4))
        return rebuild(store, last, progress, interrupt);
    header = read_header(store, true);
    if (!header) return rebuild(store, last, progress, interrupt);
    const size_t limit = std::max<size_t>(1000, header->vocabulary.patient_count() / 4);
    auto touched = touched_patients(store, *stamp + 1, last, limit);
    if (!touched) return rebuild(store, last, progress, interrupt);
    auto updated = update(store, last, *touched);
    if (!updated) return rebuild(store, last, progress, interrupt);
    return std::move(*updated);
}

std::string refresh_after_write(store::EventStore& store) {
    auto refreshed = refresh_projections(store);
    if (refreshed) return {};
    return "note: the stored patient summaries were not updated (" + refreshed.status().message() +
           "); queries derive from the timelines until then";
}

uint64_t summary_projection_loads() {
    return g_loads.load(std::memory_order_relaxed);
}

}  // namespace dayzero::query
