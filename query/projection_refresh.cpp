#include "query/projection_refresh.h"

#include <algorithm>
#include <any>
#include <exception>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/days_projection.h"
#include "query/patient_context.h"
#include "query/projection_batch.h"
#include "query/summary_codec.h"

namespace dayzero::query {
namespace {

// The stamp of a projection being rebuilt: never a valid last_seq, so readers see it as stale.
constexpr uint64_t kBuildingStamp = UINT64_MAX;
constexpr uint64_t kProgressEvery = 256;

// Writes a rebuild's entries in one go while they come to at most `whole_bytes`, else in parts
// (kRebuildPartPatients) from there on, under the "building" stamp until the headers go with the
// last write.
class RebuildWriter {
  public:
    RebuildWriter(store::EventStore& store, uint64_t last, const PatientProgressFn& progress,
                  size_t whole_bytes)
        : store_(store), progress_(progress), whole_bytes_(whole_bytes) {
        report_.rebuilt = true;
        report_.seq = last;
    }

    // Adds one patient's entries (derived by the import, or here); false when a write failed
    // (status()).
    bool add(const std::string& id, PatientEntries entries, bool from_import) {
        if (whole_) gathered_bytes_ += entries.bytes();
        if (!add_patient_entries(id, std::move(entries), batch_, names_, decoded_)) {
            status_ = store::Status::corruption("a patient's derived names cannot be read back");
            return false;
        }
        ++(from_import ? report_.patients_from_import : report_.patients_derived);
        if (progress_ && done() % kProgressEvery == 0) progress_(done(), 0);
        if (whole_) {
            if (gathered_bytes_ <= whole_bytes_) return true;
            whole_ = false;
            return write(kBuildingStamp);
        }
        return batch_.days.size() < kRebuildPartPatients || write(kBuildingStamp);
    }
    // Writes the rest with both headers, stamped `last`.
    store::Result<RefreshReport> finish() {
        if (!status_) return status_;
        if (first_write_) {
            // One write replaces everything: in key order (the header, every "s" entry, every "v"
            // entry), so the store can write it as one table instead of through its memtable.
            std::stable_partition(
                batch_.summaries.begin(), batch_.summaries.end(),
                [](const auto& entry) { return entry.first[0] == kSummaryPrefix; });
            add_headers(report_.seq, std::move(names_), batch_);
            for (auto* entries : {&batch_.days, &batch_.summaries})
                std::rotate(entries->begin(), entries->end() - 1, entries->end());
        } else {
            add_headers(report_.seq, std::move(names_), batch_);
        }
        if (!write(report_.seq)) return status_;
        if (progress_) progress_(done(), done());
        return report_;
    }
    const store::Status& status() const { return status_; }

  private:
    uint64_t done() const { return report_.patients_derived + report_.patients_from_import; }
    bool write(uint64_t stamp) {
        status_ = write_projection_batch(store_, batch_, stamp, first_write_);
        first_write_ = false;
        batch_.summaries.clear();
        batch_.days.clear();
        return status_.is_ok();
    }

    store::EventStore& store_;
    const PatientProgressFn& progress_;
    const size_t whole_bytes_;
    bool whole_ = true;          // all entries so far gathered, none written
    size_t gathered_bytes_ = 0;  // their bytes
    RefreshReport report_;
    ProjectionBatch batch_;
    Vocabulary names_;
    std::unordered_set<std::string> decoded_;  // name entries added to names_
    bool first_write_ = true;
    store::Status status_ = store::Status::ok();
};

bool interrupted(const std::atomic<bool>* interrupt) {
    return interrupt != nullptr && interrupt->load(std::memory_order_relaxed);
}

// The entries `derived` (may be null) holds for `id`, moved out; nullopt when it has none.
std::optional<PatientEntries> take_derived(DerivedPatients* derived, const std::string& id) {
    if (derived == nullptr) return std::nullopt;
    return derived->entries.take(id);
}

// Writes projection `name` from `header` and then, for each patient of `ids` in turn, part
// `part` of its entries (then `second`, when given, for each again), read back from `entries`.
store::Status replace_from_entries(store::EventStore& store, std::string_view name,
                                   std::pair<std::string, std::string> header,
                                   const std::vector<const std::string*>& ids,
                                   DerivedEntries::Reader& entries, DerivedEntries::Part part,
                                   std::optional<DerivedEntries::Part> second, uint64_t last) {
    bool header_given = false;
    size_t next = 0;
    return store.replace_projection(
        name,
        [&](std::string& key, std::string& bytes, store::Status& failed) {
            if (!header_given) {
                header_given = true;
                key = std::move(header.first);
                bytes = std::move(header.second);
                return true;
            }
            if (next == ids.size() && second) {
                part = *second;
                second.reset();
                next = 0;
            }
            if (next == ids.size()) return false;
            auto entry = entries.read(*ids[next++], part);
            if (!entry) {
                failed =
                    store::Status::io_error("the import's derived entries cannot be read back");
                return false;
            }
            key = std::move(entry->first);
            bytes = std::move(entry->second);
            return true;
        },
        last);
}

}  // namespace

size_t single_read_limit(size_t patients) {
    return std::max<size_t>(1000, patients / 4);
}

store::Result<RefreshReport> rebuild_projections(store::EventStore& store, uint64_t last,
                                                 const PatientProgressFn& progress,
                                                 const std::atomic<bool>* interrupt,
                                                 size_t whole_bytes) {
    RebuildWriter writer(store, last, progress, whole_bytes);
    bool stopped = false;
    // Each patient is derived on the store's reading threads; this one gathers them in order.
    const store::Status status = store.for_each_patient_worked(
        [](const std::string& id, std::vector<store::Event>& events) -> std::any {
            if (is_system_patient(id)) return {};
            return derive_patient_entries(id, events);
        },
        [&](const std::string& id, std::vector<store::Event>&, std::any& derived) {
            if (interrupted(interrupt)) {
                stopped = true;
                return false;
            }
            if (is_system_patient(id)) return true;
            return writer.add(id, std::any_cast<PatientEntries&&>(std::move(derived)), false);
        },
        {}, store::Provenance::kOmitted);
    if (!status) return status;
    if (!writer.status()) return writer.status();
    // Chunks already written keep the "building" stamp: stale until a later refresh completes.
    if (stopped) return store::Status::interrupted("building the stored summaries");
    return writer.finish();
}

std::optional<store::Result<RefreshReport>> rebuild_from_derived(
    store::EventStore& store, uint64_t last, DerivedPatients& derived,
    const PatientProgressFn& progress, const std::atomic<bool>* interrupt) {
    auto patients = store.patients();
    if (!patients) return std::nullopt;
    const auto& ids = patients.value();
    const size_t to_read = static_cast<size_t>(std::count_if(ids.begin(), ids.end(), [&](auto& id) {
        return derived.entries.count(id) == 0 && !is_system_patient(id);
    }));
    if (to_read > single_read_limit(ids.size())) return std::nullopt;
    // The few patients the import did not derive are derived here and kept with its entries;
    // then each projection is written as one table, its entries read back one at a time, so the
    // memory does not grow with the cohort: the vocabulary first (the header leads the keys).
    RefreshReport report;
    report.rebuilt = true;
    report.seq = last;
    Vocabulary names;
    std::unordered_set<std::string> decoded;  // name entries added to `names`
    std::vector<const std::string*> kept;     // the projections' patients, in key order
    for (const std::string& id : ids) {
        if (interrupted(interrupt))
            return store::Result<RefreshReport>(
                store::Status::interrupted("building the stored summaries"));
        if (is_system_patient(id)) continue;
        const bool from_import = derived.entries.count(id) > 0;
        if (!from_import) {
            auto timeline = store.timeline(id);
            if (!timeline) return store::Result<RefreshReport>(timeline.status());
            // A patient with nothing visible (all retracted) is not in a rebuild's pass either.
            if (timeline.value().empty()) continue;
            if (!derived.entries.add(id, derive_patient_entries(id, timeline.value())))
                return std::nullopt;
        }
        auto own = derived.entries.read(id, DerivedEntries::Part::kNames);
        if (!own) return std::nullopt;
        names.add_patient(id);
        // Patients often share their codes: an entry seen before adds nothing.
        if (decoded.insert(own->second).second && !decode_vocabulary_names(own->second, names)) {
            return store::Result<RefreshReport>(
                store::Status::corruption("a patient's derived names cannot be read back"));
        }
        kept.push_back(&id);
        ++(from_import ? report.patients_from_import : report.patients_derived);
        if (progress && kept.size() % kProgressEvery == 0) progress(kept.size(), 0);
    }
    ProjectionBatch headers;
    add_headers(last, std::move(names), headers);
    using Part = DerivedEntries::Part;
    // The two projections are written side by side, each table built (and compressed) on a
    // thread of its own: this is the import's last step, with the other core idle otherwise.
    // Each is stamped on its own once its table is in.
    DerivedEntries::Reader days_entries = derived.entries.reader();
    DerivedEntries::Reader summary_entries = derived.entries.reader();
    store::Status days = store::Status::ok();
    store::Status s = store::Status::ok();
    {
        std::jthread days_writer([&] {
            try {
                days = replace_from_entries(store, kDaysProjection, std::move(headers.days.front()),
                                            kept, days_entries, Part::kDays, std::nullopt, last);
            } catch (const std::exception& e) {
                days =
                    store::Status::io_error(std::string("writing the daily grades: ") + e.what());
            }
        });
        s = replace_from_entries(store, kSummaryProjection, std::move(headers.summaries.front()),
                                 kept, summary_entries, Part::kSummary, Part::kNames, last);
    }
    if (!days) s = days;
    if (!s) return store::Result<RefreshReport>(s);
    if (progress) progress(kept.size(), kept.size());
    return store::Result<RefreshReport>(report);
}

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

std::optional<store::Result<RefreshReport>> update_projections(store::EventStore& store,
                                                               uint64_t last,
                                                               const std::set<std::string>& touched,
                                                               DerivedPatients* derived) {
    RefreshReport report;
    report.seq = last;
    Vocabulary names;
    std::unordered_set<std::string> decoded;
    bool bad = false;
    const store::Status scanned = store.scan_projection(
        kSummaryProjection, [&](std::string_view key, std::string_view bytes) {
            if (key.empty() || key[0] != kNamesPrefix) return true;
            std::string id(key.substr(1));
            if (touched.count(id) > 0) return true;
            names.add_patient(id);
            // Names shared with a patient read before add nothing (as in add_patient_entries).
            bad = decoded.emplace(bytes).second && !decode_vocabulary_names(bytes, names);
            return !bad;
        });
    if (!scanned || bad) return std::nullopt;
    ProjectionBatch batch;
    for (const std::string& id : touched) {
        if (id.empty() || is_system_patient(id)) continue;
        PatientEntries entries;
        auto taken = take_derived(derived, id);
        if (taken) {
            entries = std::move(*taken);
        } else {
            auto timeline = store.timeline(id);
            if (!timeline && timeline.status().code() != store::StatusCode::kNotFound)
                return store::Result<RefreshReport>(timeline.status());
            if (!timeline || timeline.value().empty()) {
                // Nothing visible any more: the patient leaves the projection, as it leaves scans.
                add_patient_removal(id, batch);
                continue;
            }
            entries = derive_patient_entries(id, timeline.value());
        }
        if (!add_patient_entries(id, std::move(entries), batch, names, decoded))
            return std::nullopt;
        ++(taken ? report.patients_from_import : report.patients_derived);
    }
    add_headers(last, std::move(names), batch);
    if (auto s = write_projection_batch(store, batch, last, false); !s) {
        return store::Result<RefreshReport>(s);
    }
    return store::Result<RefreshReport>(report);
}

}  // namespace dayzero::query
