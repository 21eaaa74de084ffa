// Appender: encoding a transaction's events once for the log, the pages, the corrections index
// and the hash chain.
#include <algorithm>

#include "store/appender.h"
#include "store/log_writer.h"
#include "store/pending_append.h"

namespace dayzero::store {

void Appender::encode_chunk(PendingAppend& p, EncodedRecords& out, rocksdb::WriteBatch& batch) {
    const std::vector<Event>& events = *p.chunk;
    auto* corr_cf = rocks_.family(RocksHandles::kCorrections);
    // Records are written in place into `records`, which only grows and is kept from chunk to
    // chunk: the spans say which of its bytes are the chunk's.
    std::string& records = out.records;
    if (records.size() < events.size() * 48) records.resize(events.size() * 48);
    size_t used = 0;
    out.spans.clear();
    out.spans.reserve(events.size());
    out.by_patient.clear();
    out.by_patient.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const size_t bound = codec::max_record_size(e);
        if (records.size() - used < bound)
            records.resize(std::max(2 * records.size(), used + bound));
        char* begin = records.data() + used;
        const char* end = codec::encode_record_at(e, p.patient_of[i], p.author, p.source, begin);
        const std::string_view record(begin, static_cast<size_t>(end - begin));
        out.spans.emplace_back(used, record.size());
        used += record.size();
        out.by_patient.emplace_back(p.patient_of[i], i);
        if (e.correction != Correction::kNone) {
            std::string v(1, static_cast<char>(codec::kValueVersion));
            v.push_back(static_cast<char>(e.correction));
            batch.Put(corr_cf, codec::correction_key(e.target_seq, e.seq), v);
        }
        p.hash.add_event(e.seq, e.patient_id, record);
    }
    // By patient, then sequence. A file that lists each patient's rows together (the usual
    // export) arrives sorted already, and checking is far cheaper than sorting.
    if (!std::is_sorted(out.by_patient.begin(), out.by_patient.end()))
        std::sort(out.by_patient.begin(), out.by_patient.end());
}

void Appender::stage_chunk(PendingAppend& p, rocksdb::WriteBatch& batch) {
    EncodedRecords chunk;
    encode_chunk(p, chunk, batch);
    put_log_entries(batch, rocks_.family(RocksHandles::kLog), p.chunk_first_seq, chunk);
    pages_.add_entries(*p.chunk, chunk, batch);
    p.next_seq += p.chunk->size();
}

void Appender::encode_staged_chunk(PendingAppend& p, StagedChunk& out) {
    out.batch.Clear();
    out.first_seq = p.chunk_first_seq;
    out.pages.clear();
    out.operands.clear();
    encode_chunk(p, out.encoded, out.batch);
    pages_.add_entries(*p.chunk, out.encoded, out.batch, p.chunk_first_new_patient, &out.pages,
                       p.group_first_new_patient, &out.operands);
    p.next_seq += out.encoded.spans.size();
}

}  // namespace dayzero::store
