// Appender: validating a transaction's events and assigning their sequence and patient numbers.
#include <cmath>

#include <fmt/format.h>

#include "store/appender.h"
#include "store/pending_append.h"

namespace dayzero::store {
namespace {

constexpr size_t kMaxPatientIdBytes = 256;

std::string where(size_t index, const Event& e) {
    if (e.source_line != 0) return fmt::format("event {} (line {})", index + 1, e.source_line);
    return fmt::format("event {}", index + 1);
}

}  // namespace

Result<Event> Appender::read_target(uint64_t seq, const PendingAppend& p) const {
    if (seq >= p.chunk_first_seq) return (*p.chunk)[seq - p.chunk_first_seq];
    if (seq < p.first_seq) return directory_.read_event(seq, p.ro);
    // An event of a chunk still being written (not yet in the log), or of one already written
    // whose records are still at hand; else of an earlier chunk of this transaction, staged in
    // the log and not yet committed.
    std::string v;
    std::string_view bytes;
    for (const StagedChunk& chunk : p.staged_chunks) {
        if (seq >= chunk.first_seq && seq - chunk.first_seq < chunk.encoded.spans.size())
            bytes = chunk.encoded.record(seq - chunk.first_seq);
    }
    if (bytes.empty()) {
        if (auto s = log_.read_record(seq, p.ro, v); !s)
            return Status(s.code(), fmt::format("reading staged event {}: {}", seq, s.message()));
        bytes = v;
    }
    codec::Record rec;
    if (auto st = codec::decode_record(bytes, rec); !st) return st;
    for (const auto& [name, id] : p.new_ids) {
        if (id == rec.patient) rec.event.patient_id = name;
    }
    if (rec.event.patient_id.empty()) {
        auto name = directory_.patient_name(rec.patient, p.ro);
        if (!name) return name.status();
        rec.event.patient_id = std::move(name.value());
    }
    rec.event.seq = seq;
    return std::move(rec.event);
}

Status Appender::check_correction(Event& e, size_t index, PendingAppend& p) {
    const std::string at = where(p.chunk_first_seq - p.first_seq + index, e);
    const std::string_view what = correction_name(e.correction);
    if (e.reason.empty()) {
        return Status::invalid_argument(
            fmt::format("{}: field 'reason': an {} must give a reason", at, what));
    }
    const uint64_t own_seq = p.chunk_first_seq + index;
    if (e.target_seq == 0 || e.target_seq >= own_seq) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': {} names sequence {}, which does not exist", at,
                        what, e.target_seq));
    }
    auto found = read_target(e.target_seq, p);
    if (!found) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': cannot read event {}: {}", at, e.target_seq,
                        found.status().message()));
    }
    const Event target = std::move(found.value());
    if (target.correction != Correction::kNone) {
        return Status::invalid_argument(fmt::format(
            "{}: field 'target_seq': event {} is itself a correction ({} of event {}); correct "
            "event {} instead",
            at, e.target_seq, correction_name(target.correction), target.target_seq,
            target.target_seq));
    }
    uint64_t retracted_by = 0;
    if (auto found = p.retracted.find(e.target_seq); found != p.retracted.end()) {
        retracted_by = found->second;
    } else {
        const std::string lower = codec::correction_key(e.target_seq, 0);
        const std::string upper = codec::correction_key(e.target_seq + 1, 0);
        rocksdb::Slice upper_slice(upper);
        rocksdb::ReadOptions ro = p.ro;
        ro.iterate_upper_bound = &upper_slice;
        std::unique_ptr<rocksdb::Iterator> it(
            rocks_.db->NewIterator(ro, rocks_.family(RocksHandles::kCorrections)));
        for (it->Seek(lower); it->Valid(); it->Next()) {
            const auto v = it->value().ToStringView();
            if (v.size() == 2 &&
                static_cast<uint8_t>(v[1]) == static_cast<uint8_t>(Correction::kRetract)) {
                retracted_by = codec::get_u64_be(it->key().data() + 8);
                break;
            }
        }
        if (!it->status().ok()) {
            return Status::io_error(
                fmt::format("reading corrections: {}", it->status().ToString()));
        }
    }
    if (retracted_by != 0) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': event {} was already retracted (by event {})", at,
                        e.target_seq, retracted_by));
    }
    if (e.patient_id.empty()) {
        e.patient_id = target.patient_id;
    } else if (e.patient_id != target.patient_id) {
        return Status::invalid_argument(
            fmt::format("{}: field 'patient_id': '{}' but event {} belongs to patient '{}'", at,
                        e.patient_id, e.target_seq, target.patient_id));
    }
    if (e.correction == Correction::kRetract) {
        // A retraction sits next to what it withdraws in the patient's timeline.
        e.day = target.day;
        e.minute = target.minute;
        e.kind = target.kind;
        e.code = target.code;
        p.retracted.emplace(e.target_seq, own_seq);
    }
    return Status::ok();
}

Status Appender::validate_and_assign(PendingAppend& p) {
    auto& events = *p.chunk;
    p.patient_of.clear();
    p.patient_of.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        // Messages count events across the whole transaction, not within the chunk.
        const size_t n = p.chunk_first_seq - p.first_seq + i;
        const auto raw_kind = static_cast<uint8_t>(e.kind);
        if (!is_valid_kind(raw_kind)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'kind': unknown kind number {}", where(n, e), raw_kind));
        }
        const auto raw_corr = static_cast<uint8_t>(e.correction);
        if (raw_corr > static_cast<uint8_t>(Correction::kRetract)) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'correction': unknown correction type {}", where(n, e), raw_corr));
        }
        if (e.correction != Correction::kNone) {
            if (e.reason.empty()) e.reason = p.reason;
            if (auto s = check_correction(e, i, p); !s) return s;
        } else if (e.target_seq != 0) {
            return Status::invalid_argument(
                fmt::format("{}: field 'target_seq': {} is set but the event is not a correction",
                            where(n, e), e.target_seq));
        }
        if (e.patient_id.empty()) {
            return Status::invalid_argument(
                fmt::format("{}: field 'patient_id': must not be empty", where(n, e)));
        }
        if (e.patient_id.size() > kMaxPatientIdBytes) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'patient_id': longer than {} bytes", where(n, e), kMaxPatientIdBytes));
        }
        if (e.day < kMinDay || e.day > kMaxDay) {
            return Status::invalid_argument(fmt::format("{}: field 'day': {} is outside {}..{}",
                                                        where(n, e), e.day, kMinDay, kMaxDay));
        }
        if (e.minute && *e.minute >= 1440) {
            return Status::invalid_argument(
                fmt::format("{}: field 'minute': {} is not a minute of the day (0..1439)",
                            where(n, e), *e.minute));
        }
        if (e.value && !std::isfinite(*e.value)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'value': {} is not a finite number", where(n, e), *e.value));
        }
        e.seq = p.chunk_first_seq + i;
        e.tx = p.tx;
        e.recorded_at_us = p.recorded_at_us;
        // recorded_by is always the transaction's author, and an empty source the
        // transaction's: both are stored once, with the transaction (encode_record).
        e.recorded_by.clear();

        uint32_t compact = 0;
        // Consecutive events are mostly the same patient's: no lookup for those.
        if (i > 0 && e.patient_id == events[i - 1].patient_id) {
            compact = p.patient_of.back();
        } else if (auto it = patient_ids_.find(e.patient_id); it != patient_ids_.end()) {
            compact = it->second;
        } else if (auto jt = p.new_ids.find(e.patient_id); jt != p.new_ids.end()) {
            compact = jt->second;
        } else {
            if (p.next_patient == UINT32_MAX) return Status::invalid_argument("too many patients");
            compact = p.next_patient++;
            p.new_ids.emplace(e.patient_id, compact);
        }
        p.patient_of.push_back(compact);
    }
    return Status::ok();
}

}  // namespace dayzero::store
