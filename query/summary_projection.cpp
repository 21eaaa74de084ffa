// The stored summary projection. Entries (keys in byte order, so a reader stops at the first
// name entry without reading them):
//   "h"        header: stamp, definition, patient count, vocabulary codes and attributes
//   "s" <id>   one patient's summary (summary_codec.h)
//   "v" <id>   the codes and attributes of that patient's timeline, so the writer can rebuild
//              the header's vocabulary after re-deriving a few patients
#include "query/summary_projection.h"

#include <algorithm>
#include <atomic>
#include <set>

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

// The two entries of one patient, and that patient's names merged into `names`.
void add_patient_entries(const std::string& id, const std::vector<store::Event>& events,
                         Entries& out, Vocabulary& names) {
    PatientSummary summary{id, derive::derive_patient(id, events, projection_definition()),
                           dose_totals(events)};
    out.emplace_back(kSummaryPrefix + id, encode_summary(summary));
    Vocabulary own;
    own.add_timeline(id, events);
    out.emplace_back(kNamesPrefix + id, encode_vocabulary_names(own));
    names.merge_names(own);
}

ProjectionHeader make_header(uint64_t seq, uint64_t patients, Vocabulary names) {
    ProjectionHeader header;
    header.seq = seq;
    header.definition = projection_definition().describe();
    header.patients = patients;
    header.names = std::move(names);
    return header;
}

store::Result<RefreshReport> rebuild(store::EventStore& store, uint64_t last,
                                     const PatientProgressFn& progress) {
    RefreshReport report;
    report.rebuilt = true;
    report.seq = last;
    Entries entries;
    Vocabulary names;
    bool first_write = true;
    store::Status write_status = store::Status::ok();
    auto flush = [&](uint64_t stamp) {
        write_status = store.write_projection(kSummaryProjection, entries, stamp, first_write);
        first_write = false;
        entries.clear();
        return write_status.is_ok();
    };
    const store::Status status =
        store.for_each_patient([&](const std::string& id, std::vector<store::Event>& events) {
            if (is_system_patient(id)) return true;
            add_patient_entries(id, events, entries, names);
            ++report.patients_derived;
            if (progress && report.patients_derived % kProgressEvery == 0)
                progress(report.patients_derived, 0);
            return entries.size() < 2 * kRebuildChunk || flush(kBuildingStamp);
        });
    if (!status) return status;
    if (!write_status) return write_status;
    entries.emplace_back(kHeaderKey,
                         encode_header(make_header(last, report.patients_derived, names)));
    if (!flush(last)) return write_status;
    if (progress) progress(report.patients_derived, report.patients_derived);
    return report;
}

// The header of the projection as stored, whatever its stamp; nullopt if missing or malformed.
std::optional<ProjectionHeader> read_header(const store::EventStore& store) {
    std::optional<ProjectionHeader> header;
    const store::Status status = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (key == kHeaderKey) header = decode_header(bytes);
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
    uint64_t patients = 0;
    bool bad = false;
    const store::Status scanned = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (key.empty() || key[0] != kNamesPrefix) return true;
            if (touched.count(std::string(key.substr(1))) > 0) return true;
            ++patients;
            bad = !decode_vocabulary_names(bytes, names);
            return !bad;
        });
    if (!scanned || bad) return std::nullopt;
    Entries entries;
    for (const std::string& id : touched) {
        if (id.empty() || is_system_patient(id)) continue;
        auto timeline = store.timeline(id);
        if (!timeline && timeline.status().code() != store::StatusCode::kNotFound)
            return store::Result<RefreshReport>(timeline.status());
        if (!timeline || timeline.value().empty()) {
            // Nothing visible any more: the patient leaves the projection, as it leaves scans.
            entries.emplace_back(kSummaryPrefix + id, std::string());
            entries.emplace_back(kNamesPrefix + id, std::string());
            continue;
        }
        add_patient_entries(id, timeline.value(), entries, names);
        ++report.patients_derived;
        ++patients;
    }
    entries.emplace_back(kHeaderKey, encode_header(make_header(last, patients, names)));
    if (auto s = store.write_projection(kSummaryProjection, entries, last, false); !s) {
        return store::Result<RefreshReport>(s);
    }
    return store::Result<RefreshReport>(report);
}

}  // namespace

const derive::CrsDefinition& projection_definition() {
    static const derive::CrsDefinition kDefault;
    return kDefault;
}

std::optional<StoredSummaries> load_summaries(const store::EventStore& store, bool with_summaries,
                                              size_t max_patients) {
    const uint64_t last = store.last_seq();
    const auto stamp = store.projection_seq(kSummaryProjection);
    if (!stamp || *stamp != last) return std::nullopt;
    StoredSummaries out;
    std::optional<ProjectionHeader> header;
    bool bad = false;
    uint64_t seen = 0;
    const store::Status status = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (!header) {
                if (key == kHeaderKey) header = decode_header(bytes);
                bad = !header || header->seq != last;
                return !bad;
            }
            if (!key.empty() && key[0] == kNamesPrefix) return false;  // writer-only entries
            if (key.size() < 2 || key[0] != kSummaryPrefix) {
                bad = true;
                return false;
            }
            const std::string_view id = key.substr(1);
            out.vocabulary.add_patient(std::string(id));
            if (with_summaries && ++seen <= max_patients) {
                auto summary = decode_summary(id, bytes);
                if (!summary) {
                    bad = true;
                    return false;
                }
                out.patients.push_back(std::move(*summary));
            }
            return true;
        });
    if (!status || bad || !header || header->patients != out.vocabulary.patient_count()) {
        return std::nullopt;
    }
    out.vocabulary.merge_names(header->names);
    out.definition = std::move(header->definition);
    out.complete = with_summaries && seen <= max_patients;
    if (!out.complete) out.patients.clear();
    g_loads.fetch_add(1, std::memory_order_relaxed);
    return out;
}

store::Result<RefreshReport> refresh_projections(store::EventStore& store,
                                                 const PatientProgressFn& progress) {
    if (store.read_only()) return RefreshReport{};
    const uint64_t last = store.last_seq();
    const auto stamp = store.projection_seq(kSummaryProjection);
    const auto header = read_header(store);
    const bool usable = stamp && header && *stamp == header->seq && *stamp <= last &&
                        header->definition == projection_definition().describe();
    if (usable && *stamp == last) return RefreshReport{false, 0, last};
    if (!usable) return rebuild(store, last, progress);
    // Re-deriving a few patients beats a rebuild only while few changed.
    const uint64_t new_events = last - *stamp;
    const size_t limit = std::max<size_t>(1000, header->patients / 4);
    if (new_events > std::max<uint64_t>(50'000, last / 4)) return rebuild(store, last, progress);
    auto touched = touched_patients(store, *stamp + 1, last, limit);
    if (!touched) return rebuild(store, last, progress);
    auto updated = update(store, last, *touched);
    if (!updated) return rebuild(store, last, progress);
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
