// libFuzzer target: the store's decoders for on-disk bytes. The same input is read as an event
// record (log family), as a log segment (log family, format 3: the input after a 0xfe tag), as a
// transaction record (tx family) and as a patient's timeline page (timeline family: entries
// varint(seq) varint(length) record). Damaged bytes must give a
// corruption status or a stopped page, never a crash or an over-read; a record that decodes must
// encode back to bytes that decode to the same event, and the position-only decoder used for
// timeline ordering must agree with the full one.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/codec.h"
#include "store/log_segment.h"

using namespace dayzero::store;

namespace {

// True when both are absent or hold the same 8 bytes.
bool same_bits(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

// Decodes `bytes` as one event record and checks the round trip and the position decoder.
void check_record(std::string_view bytes) {
    codec::Record record;
    int32_t day = 0;
    std::optional<uint16_t> minute;
    const bool position = codec::decode_record_position(bytes, day, minute);
    if (!codec::decode_record(bytes, record).is_ok()) return;
    if (!position || day != record.event.day || minute != record.event.minute) __builtin_trap();
    std::string again;
    codec::encode_record(record.event, record.patient, "", "", again);
    codec::Record second;
    if (!codec::decode_record(again, second).is_ok()) __builtin_trap();
    // Values compare as bit patterns: decode_record accepts NaN and infinities (see
    // tests/robust/store_decode_test.cpp), and NaN != NaN.
    if (second.event.note != record.event.note || second.event.day != record.event.day ||
        second.event.kind != record.event.kind ||
        !same_bits(second.event.value, record.event.value) ||
        second.event.correction != record.event.correction ||
        second.event.target_seq != record.event.target_seq || second.patient != record.patient)
        __builtin_trap();
}

// Walks `bytes` as a timeline page; every entry must lie inside the page, and the entries read
// must re-encode to a page that reads back the same.
void check_page(std::string_view bytes) {
    codec::PageReader page(bytes);
    std::vector<std::pair<uint64_t, std::string_view>> entries;
    uint64_t seq = 0;
    std::string_view record;
    while (page.next(seq, record)) {
        if (record.data() < bytes.data() ||
            record.data() + record.size() > bytes.data() + bytes.size())
            __builtin_trap();
        check_record(record);
        entries.emplace_back(seq, record);
    }
    std::string rebuilt;
    for (const auto& [entry_seq, entry] : entries)
        codec::append_page_entry(entry_seq, entry, rebuilt);
    codec::PageReader again(rebuilt);
    size_t i = 0;
    while (again.next(seq, record)) {
        if (i >= entries.size() || seq != entries[i].first || record != entries[i].second)
            __builtin_trap();
        ++i;
    }
    if (!again.ok() || i != entries.size()) __builtin_trap();
}

// Walks `bytes`, tagged as a log segment; every record must lie inside it, and the records read
// must re-encode to a segment that reads back the same.
void check_segment(std::string_view bytes) {
    const std::string tagged = static_cast<char>(codec::kLogSegmentTag) + std::string(bytes);
    codec::LogSegmentReader segment(tagged);
    std::vector<std::string_view> records;
    std::string_view record;
    while (segment.next(record)) {
        if (record.data() < tagged.data() ||
            record.data() + record.size() > tagged.data() + tagged.size())
            __builtin_trap();
        check_record(record);
        records.push_back(record);
    }
    if (!segment.finished_cleanly() || records.empty()) return;
    codec::LogSegmentWriter writer;
    writer.start(records.size());
    for (const auto r : records)
        writer.add(r);
    codec::LogSegmentReader again(writer.bytes());
    size_t i = 0;
    while (again.next(record)) {
        if (i >= records.size() || record != records[i]) __builtin_trap();
        ++i;
    }
    if (!again.finished_cleanly() || i != records.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_record(bytes);
    codec::TxRecord tx;
    (void)codec::decode_tx(bytes, 1, tx);
    check_page(bytes);
    check_segment(bytes);
    return 0;
}
