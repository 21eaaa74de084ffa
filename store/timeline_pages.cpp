#include "store/timeline_pages.h"

#include <algorithm>
#include <memory>
#include <tuple>

#include <fmt/format.h>

#include "store/codec.h"
#include "store/current_view.h"
#include "store/table_file.h"

namespace dayzero::store {
namespace {

// A page entry located in its timeline: day, untimed before timed, minute, then sequence.
struct Entry {
    uint64_t position;  // day and minute, ordered as timeline_position makes them
    uint64_t seq;
    std::string_view record;

    bool before(const Entry& other) const {
        return position != other.position ? position < other.position : seq < other.seq;
    }
};

// Day in the high half (offset so that negative days order first), then 0 for untimed or
// minute + 1: one unsigned comparison orders two events by day and time.
uint64_t timeline_position(int32_t day, std::optional<uint16_t> minute) {
    const uint64_t day_key = static_cast<uint32_t>(day) ^ 0x80000000u;
    return day_key << 32 | (minute ? uint64_t{*minute} + 1 : 0);
}

// Orders `entries`, made of ordered stretches beginning at `runs` (the first at 0), by merging
// neighbouring stretches pairwise until one is left.
void merge_runs(std::vector<Entry>& entries, std::vector<size_t>& runs) {
    if (runs.size() < 2) return;
    const auto before = [](const Entry& a, const Entry& b) { return a.before(b); };
    std::vector<Entry> merged(entries.size());
    std::vector<size_t> next;
    while (runs.size() > 1) {
        next.clear();
        for (size_t i = 0; i < runs.size(); i += 2) {
            const auto at = [&](size_t k) {
                return entries.begin() +
                       static_cast<std::ptrdiff_t>(k < runs.size() ? runs[k] : entries.size());
            };
            std::merge(at(i), at(i + 1), at(i + 1), at(i + 2),
                       merged.begin() + static_cast<std::ptrdiff_t>(runs[i]), before);
            next.push_back(runs[i]);
        }
        entries.swap(merged);
        runs.swap(next);
    }
}

// A page lookup's outcome: ok with `page` emptied when the patient has no page, else an error
// naming the patient.
Status page_found(const rocksdb::Status& s, rocksdb::PinnableSlice& page,
                  const std::string& patient_id) {
    if (s.IsNotFound()) {
        page.Reset();
    } else if (!s.ok()) {
        return Status::io_error(fmt::format("reading patient '{}': {}", patient_id, s.ToString()));
    }
    return Status::ok();
}

}  // namespace

Status TimelinePages::read(uint32_t compact_id, const std::string& patient_id, int64_t day_from,
                           int64_t day_to, const AsOf& as_of, Provenance provenance,
                           const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                           std::vector<Event>& out) const {
    rocksdb::PinnableSlice page;
    if (auto s = get(compact_id, patient_id, ro, page); !s) return s;
    return read(page.ToStringView(), patient_id, day_from, day_to, as_of, provenance, ro,
                visible_seq, out);
}

Status TimelinePages::get(uint32_t compact_id, const std::string& patient_id,
                          const rocksdb::ReadOptions& ro, rocksdb::PinnableSlice& page) const {
    return page_found(rocks_.db->Get(ro, rocks_.family(RocksHandles::kTimeline),
                                     codec::timeline_patient_key(compact_id), &page),
                      page, patient_id);
}

Status TimelinePages::fetch(std::span<const std::pair<std::string, uint32_t>> patients,
                            const rocksdb::ReadOptions& ro,
                            std::vector<rocksdb::PinnableSlice>& pages) const {
    std::vector<std::string> keys;
    keys.reserve(patients.size());
    for (const auto& patient : patients)
        keys.push_back(codec::timeline_patient_key(patient.second));
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::Status> statuses(patients.size());
    pages.resize(patients.size());
    rocks_.db->MultiGet(ro, rocks_.family(RocksHandles::kTimeline), slices.size(), slices.data(),
                        pages.data(), statuses.data());
    for (size_t i = 0; i < patients.size(); ++i) {
        if (auto s = page_found(statuses[i], pages[i], patients[i].first); !s) return s;
    }
    return Status::ok();
}

Status TimelinePages::read(std::string_view page, const std::string& patient_id, int64_t day_from,
                           int64_t day_to, const AsOf& as_of, Provenance provenance,
                           const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                           std::vector<Event>& out) const {
    // The page holds entries in write order; timeline order is day, untimed before timed,
    // minute, sequence. Only the positions are decoded before ordering.
    std::vector<Entry> entries;
    entries.reserve(page.size() / 32);  // entries are rarely shorter
    std::vector<size_t> runs{0};        // where each stretch already in timeline order begins
    codec::PageReader reader(page);
    uint64_t seq = 0;
    std::string_view record;
    const uint64_t last = as_of.seq ? std::min(*as_of.seq, visible_seq) : visible_seq;
    while (reader.next(seq, record)) {
        if (seq > last) continue;
        int32_t day = 0;
        std::optional<uint16_t> minute;
        if (!codec::decode_record_position(record, day, minute)) {
            return Status::corruption(fmt::format("event {}: malformed record", seq));
        }
        if (day < day_from || day > day_to) continue;
        const Entry entry{timeline_position(day, minute), seq, record};
        if (!entries.empty() && entry.before(entries.back())) runs.push_back(entries.size());
        entries.push_back(entry);
    }
    if (!reader.ok()) {
        return Status::corruption(fmt::format("patient '{}': malformed timeline page", patient_id));
    }
    // Each write adds a patient's events in timeline order (the first import's page, then one
    // merge operand per later transaction), so a page is a few ordered stretches one after
    // another: a page of one import is one, a patient of an SDTM study has one per domain file.
    // Merging them costs a fraction of sorting the page.
    merge_runs(entries, runs);
    // A read-only (secondary) instance may hold one merge operand twice — replayed from the
    // write-ahead log into its memtable and also in the table file the writer flushed it to —
    // so an entry can repeat; an event is its sequence number, and sorting made repeats
    // neighbours.
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const Entry& a, const Entry& b) { return a.seq == b.seq; }),
                  entries.end());
    // The transactions met so far, newest last. A patient's events come from a few of them,
    // interleaved by day when several files each hold part of every timeline (an SDTM study):
    // looking them up here spares the directory's shared cache its lock at every change.
    std::vector<std::shared_ptr<const codec::TxRecord>> met;
    const codec::TxRecord* tx = nullptr;
    // Events are decoded in place over `out`'s old elements: a caller that recycles its vector
    // (for_each_patient) reuses every string buffer instead of allocating per event.
    size_t kept = 0;
    uint32_t patient = 0;
    bool own_author = false;
    bool own_source = false;
    for (const Entry& entry : entries) {
        if (kept == out.size()) out.emplace_back();
        Event& e = out[kept];
        if (auto s = codec::decode_record_into(entry.record, e, patient, own_author, own_source);
            !s) {
            out.clear();
            return Status::corruption(fmt::format("event {}: {}", entry.seq, s.message()));
        }
        e.seq = entry.seq;
        if (tx == nullptr || tx->tx != e.tx) {
            tx = nullptr;
            for (auto it = met.rbegin(); it != met.rend() && tx == nullptr; ++it) {
                if ((*it)->tx == e.tx) tx = it->get();
            }
            if (tx == nullptr) {
                auto found = directory_.read_tx(e.tx, ro);
                if (!found) {
                    out.clear();
                    return Status::corruption(fmt::format("event {}: transaction {}: {}", entry.seq,
                                                          e.tx, found.status().message()));
                }
                // A few are enough for the files of one import; a timeline built by many small
                // transactions (corrections typed one by one) goes back to the directory.
                constexpr size_t kMetTransactions = 16;
                if (met.size() == kMetTransactions) met.erase(met.begin());
                met.push_back(std::move(found.value()));
                tx = met.back().get();
            }
        }
        e.recorded_at_us = tx->recorded_at_us;
        if (!visible_at(e, as_of)) continue;
        codec::assign_reusing(e.patient_id, patient_id);
        if (provenance == Provenance::kIncluded) {
            // A recycled event mostly holds the same transaction's author and source already.
            if (!own_author && e.recorded_by != tx->author)
                codec::assign_reusing(e.recorded_by, tx->author);
            if (!own_source && e.source != tx->source) codec::assign_reusing(e.source, tx->source);
        } else {
            // Only the sizes are read: the text of a recycled event's strings is never touched.
            if (!e.recorded_by.empty()) e.recorded_by.clear();
            if (!e.source.empty()) e.source.clear();
        }
        ++kept;
    }
    out.resize(kept);
    return Status::ok();
}

Status TimelinePages::view(uint32_t compact_id, const std::string& patient_id,
                           const TimelineQuery& query, const rocksdb::ReadOptions& ro,
                           uint64_t visible_seq, std::vector<Event>& events) const {
    rocksdb::PinnableSlice page;
    if (auto s = get(compact_id, patient_id, ro, page); !s) return s;
    return view(page.ToStringView(), patient_id, query, ro, visible_seq, events);
}

Status TimelinePages::view(std::string_view page, const std::string& patient_id,
                           const TimelineQuery& query, const rocksdb::ReadOptions& ro,
                           uint64_t visible_seq, std::vector<Event>& events) const {
    const int64_t from = query.day_from.value_or(kMinDay);
    const int64_t to = query.day_to.value_or(kMaxDay);
    if (!query.apply_corrections)
        return read(page, patient_id, from, to, query.as_of, query.provenance, ro, visible_seq,
                    events);
    // An amendment may move an event into or out of the day range: fold the whole timeline.
    if (auto s = read(page, patient_id, kMinDay, kMaxDay, query.as_of, query.provenance, ro,
                      visible_seq, events);
        !s)
        return s;
    events = apply_corrections(std::move(events));
    if (query.day_from || query.day_to) {
        std::erase_if(events, [&](const Event& e) { return e.day < from || e.day > to; });
    }
    return Status::ok();
}

void TimelinePages::add_entries(const std::vector<Event>& events, const EncodedRecords& encoded,
                                rocksdb::WriteBatch& batch, uint32_t first_new_patient,
                                NewPages* fresh, uint32_t tabled_below,
                                PageOperands* tabled) const {
    // Each patient's new entries are merged onto its page as one operand, in patient order (the
    // memtable inserts sorted runs far faster than scattered keys).
    const auto& by_patient = encoded.by_patient;
    auto* timeline_cf = rocks_.family(RocksHandles::kTimeline);
    std::string page;  // only grows; `end` marks the operand's bytes
    char key[4];
    for (size_t i = 0; i < by_patient.size();) {
        const uint32_t patient = by_patient[i].first;
        size_t bound = 0;
        size_t run_end = i;
        for (; run_end < by_patient.size() && by_patient[run_end].first == patient; ++run_end)
            bound += codec::max_page_entry_size(encoded.record(by_patient[run_end].second));
        // The run's entries, whole, at the end of `runs`.
        auto add_run = [&](PageRuns& runs) {
            const size_t at = runs.bytes.size();
            runs.bytes.resize(at + bound);
            char* end = runs.bytes.data() + at;
            for (; i < run_end; ++i) {
                const size_t event = by_patient[i].second;
                end = codec::write_page_entry(events[event].seq, encoded.record(event), end);
            }
            const size_t size = static_cast<size_t>(end - (runs.bytes.data() + at));
            runs.bytes.resize(at + size);
            runs.spans.push_back({patient, {at, size}});
        };
        if (fresh != nullptr && patient >= first_new_patient) {
            add_run(*fresh);
            continue;
        }
        if (tabled != nullptr && patient < tabled_below) {
            add_run(*tabled);
            continue;
        }
        if (page.size() < bound) page.resize(std::max(bound, 2 * page.size()));
        char* end = page.data();
        for (; i < run_end; ++i) {
            const size_t event = by_patient[i].second;
            end = codec::write_page_entry(events[event].seq, encoded.record(event), end);
        }
        codec::store_u32_be(key, patient);
        batch.Merge(timeline_cf, rocksdb::Slice(key, sizeof key),
                    rocksdb::Slice(page.data(), static_cast<size_t>(end - page.data())));
    }
}

Status TimelinePages::add_to_table(GrowingTable& table, const NewPages& pages) {
    char key[4];
    for (const auto& [patient, span] : pages.spans) {
        codec::store_u32_be(key, patient);  // codec::timeline_patient_key's bytes
        if (auto s = table.put(rocksdb::Slice(key, sizeof key),
                               rocksdb::Slice(pages.bytes.data() + span.first, span.second));
            !s)
            return s;
    }
    return Status::ok();
}

void TimelinePages::add_operands(const PageOperands& operands, rocksdb::WriteBatch& batch) const {
    auto* timeline_cf = rocks_.family(RocksHandles::kTimeline);
    char key[4];
    for (const auto& [patient, span] : operands.spans) {
        codec::store_u32_be(key, patient);  // codec::timeline_patient_key's bytes
        batch.Merge(timeline_cf, rocksdb::Slice(key, sizeof key),
                    rocksdb::Slice(operands.bytes.data() + span.first, span.second));
    }
}

Status TimelinePages::write_operand_table(const rocksdb::Options& options, const std::string& file,
                                          std::span<const PageOperands> chunks) {
    // Each chunk lists its patients in order; a patient in several chunks gets one operand, its
    // runs in chunk order (a table holds a key once).
    std::vector<std::tuple<uint32_t, size_t, size_t>> order;  // patient, chunk, span
    for (size_t c = 0; c < chunks.size(); ++c) {
        for (size_t j = 0; j < chunks[c].spans.size(); ++j)
            order.emplace_back(chunks[c].spans[j].first, c, j);
    }
    std::sort(order.begin(), order.end());
    std::string joined;
    char key[4];
    size_t k = 0;
    return write_streamed_table(
        options, file, "page entries",
        [&](rocksdb::Slice& out_key, rocksdb::Slice& value) {
            if (k == order.size()) return false;
            const uint32_t patient = std::get<0>(order[k]);
            auto run = [&](size_t at) {
                const size_t c = std::get<1>(order[at]);
                const auto& span = chunks[c].spans[std::get<2>(order[at])].second;
                return rocksdb::Slice(chunks[c].bytes.data() + span.first, span.second);
            };
            value = run(k++);
            if (k < order.size() && std::get<0>(order[k]) == patient) {
                joined.assign(value.data(), value.size());
                for (; k < order.size() && std::get<0>(order[k]) == patient; ++k) {
                    const rocksdb::Slice more = run(k);
                    joined.append(more.data(), more.size());
                }
                value = joined;
            }
            codec::store_u32_be(key, patient);  // codec::timeline_patient_key's bytes
            out_key = rocksdb::Slice(key, sizeof key);
            return true;
        },
        nullptr, /*merge=*/true);
}

Status TimelinePages::drop_from(uint64_t from_seq, const std::set<uint32_t>& named, bool every_page,
                                rocksdb::WriteBatch& batch) const {
    rocksdb::ReadOptions ro;
    auto* timeline_cf = rocks_.family(RocksHandles::kTimeline);
    std::set<uint32_t> patients = named;
    if (every_page) {
        std::unique_ptr<rocksdb::Iterator> pages(rocks_.db->NewIterator(ro, timeline_cf));
        uint32_t patient = 0;
        for (pages->SeekToFirst(); pages->Valid(); pages->Next()) {
            if (codec::decode_timeline_patient_key(pages->key().ToStringView(), patient))
                patients.insert(patient);
        }
        if (!pages->status().ok())
            return Status::io_error(fmt::format("reading pages: {}", pages->status().ToString()));
    }
    std::string page;
    std::string kept;
    for (const uint32_t patient : patients) {
        const std::string key = codec::timeline_patient_key(patient);
        auto gs = rocks_.db->Get(ro, timeline_cf, key, &page);
        if (gs.IsNotFound()) continue;
        if (!gs.ok()) return Status::io_error(fmt::format("reading a page: {}", gs.ToString()));
        kept.clear();
        codec::PageReader reader(page);
        uint64_t seq = 0;
        std::string_view record;
        bool staged = false;
        while (reader.next(seq, record)) {
            if (seq < from_seq)
                codec::append_page_entry(seq, record, kept);
            else
                staged = true;
        }
        if (!reader.ok())
            return Status::corruption(fmt::format("patient {}: malformed page", patient));
        if (!staged) continue;  // (every page is looked at when the staged entries were damaged)
        if (kept.empty())
            batch.Delete(timeline_cf, key);
        else
            batch.Put(timeline_cf, key, kept);  // replaces the page and every merged operand
    }
    return Status::ok();
}

}  // namespace dayzero::store
